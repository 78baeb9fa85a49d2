/** `serverless package` builds the deploy template offline; check what the deploy relies on. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageService, type Resource, type TemplateValue } from '../support/service-package';

/** The resource a template value refers to (`{ Ref }`); undefined for a literal or another function. */
const refOf = (value: TemplateValue) => (typeof value === 'object' && 'Ref' in value ? value.Ref : undefined);

/** A function's bundle as packaged: its code and the files esbuild put in it (its metafile's inputs). */
type Bundle = { handler: string; code: string; inputs: string[] };

/** `serverless package --stage ci` with `env` added to this process's environment: the template's resources and each function's bundle. */
function packaged(env: Record<string, string> = {}): { resources: Record<string, Resource>; bundles: Bundle[] } {
  const packageDir = mkdtempSync(join(tmpdir(), 'seller-chat-package-'));
  try {
    const { resources, bundles } = packageService(packageDir, { stage: 'ci', env: { TRACING: 'false', ...env }, timeoutMs: 170_000 });
    return {
      resources,
      bundles: bundles.map(({ handler, code, meta }) => ({ handler, code: code.toString('utf8'), inputs: Object.keys(JSON.parse(meta.toString('utf8')).inputs) })),
    };
  } finally {
    rmSync(packageDir, { recursive: true, force: true });
  }
}

describe('deploy template', () => {
  let resources: Record<string, Resource>;
  let bundles: Bundle[];
  // packaging takes a while: the TRACING=true package is made once, by the first test that needs it
  let tracedPackage: ReturnType<typeof packaged> | undefined;
  const traced = () => (tracedPackage ??= packaged({ TRACING: 'true' }));

  beforeAll(() => {
    ({ resources, bundles } = packaged());
  }, 180_000);

  afterAll(() => {
    rmSync(join(process.cwd(), `.esbuild-package-${process.pid}`), { recursive: true, force: true });
  });

  test('TRACING=true at deploy turns on X-Ray for every function and lets each role write traces; off by default', () => {
    const functions = (r: Record<string, Resource>) => Object.values(r).filter((x) => x.Type === 'AWS::Lambda::Function');
    const roles = (r: Record<string, Resource>) => Object.values(r).filter((x) => x.Type === 'AWS::IAM::Role');
    const canTrace = (role: Resource) => role.Properties.Policies!.some((p) => p.PolicyDocument.Statement.some((st) => st.Action.includes('xray:PutTraceSegments')));
    expect(functions(resources).every((fn) => fn.Properties.TracingConfig === undefined)).toBe(true);
    expect(roles(resources).some(canTrace)).toBe(false);
    const { resources: tracedResources } = traced();
    expect(functions(tracedResources).map((fn) => fn.Properties.TracingConfig)).toEqual(functions(resources).map(() => ({ Mode: 'Active' })));
    expect(roles(tracedResources).every(canTrace)).toBe(true);
  }, 180_000);

  test('the Powertools tracer and the X-Ray SDK are in the bundles of a TRACING=true package only', () => {
    const tracerInputs = (bundle: Bundle) => bundle.inputs.filter((input) => /node_modules\/(@aws-lambda-powertools\/tracer|aws-xray-sdk-core)\//.test(input));
    // names in the code (not the whole bundle, which a failed toContain would print)
    const tracerMarks = (list: Bundle[]) => {
      const code = list.find((bundle) => bundle.handler === 'handlers/send-message')?.code ?? '';
      return ['aws-xray-sdk', 'POWERTOOLS_TRACE_ENABLED'].filter((mark) => code.includes(mark));
    };
    expect(tracerMarks(bundles)).toEqual([]);
    expect(bundles.filter((bundle) => tracerInputs(bundle).length).map((bundle) => bundle.handler)).toEqual([]);
    const { bundles: tracedBundles } = traced();
    expect(tracerMarks(tracedBundles)).toEqual(['aws-xray-sdk', 'POWERTOOLS_TRACE_ENABLED']);
    expect(tracedBundles.length).toBe(bundles.length);
    expect(tracedBundles.filter((bundle) => !tracerInputs(bundle).length).map((bundle) => bundle.handler)).toEqual([]);
  }, 180_000);

  test('holds the four on-demand tables with their indexes, PITR and the bucket TTL; no index projects what a message writes', () => {
    const tables = Object.values(resources).filter((r) => r.Type === 'AWS::DynamoDB::Table');
    expect(tables.map((t) => t.Properties.TableName).sort()).toEqual([
      'seller-chat-ci-chat-messages',
      'seller-chat-ci-chats',
      'seller-chat-ci-knowledge',
      'seller-chat-ci-routing',
    ]);
    for (const table of tables) {
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties.LocalSecondaryIndexes).toBeUndefined();
    }
    expect(resources.RoutingTable?.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    const indexes = (name: string): { IndexName: string; Projection: { ProjectionType: string; NonKeyAttributes?: string[] } }[] =>
      resources[name]?.Properties.GlobalSecondaryIndexes ?? [];
    expect(indexes('ChatsTable').map((index) => index.IndexName)).toEqual(['byVisitor', 'bySeller', 'byQueue', 'byReplyDue']);
    for (const index of indexes('ChatsTable').slice(0, 3)) expect(index.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['status', 'contactId'] });
    // the chats waiting for a first reply: what the sweep needs to move one, none of it written by a message
    const replyDue = indexes('ChatsTable')[3];
    expect(replyDue?.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['contactId', 'visitorId', 'sellerId', 'target'] });
    expect(indexes('RoutingTable')).toEqual([expect.objectContaining({ IndexName: 'byGone', Projection: { ProjectionType: 'KEYS_ONLY' } })]);
    expect(indexes('MessagesTable')).toEqual([]);
    // every knowledge read is by key or by one target's partition
    expect(indexes('KnowledgeTable')).toEqual([]);
  });

  test('MiniSearch is in no bundle of the knowledge routes, and the knowledge code in no bundle but theirs', () => {
    const knowledgeRoutes = bundles.filter((bundle) => /^handlers\/http-\w+-knowledge$/.test(bundle.handler));
    expect(knowledgeRoutes.map((bundle) => bundle.handler).sort()).toEqual([
      'handlers/http-delete-knowledge',
      'handlers/http-get-knowledge',
      'handlers/http-list-knowledge',
      'handlers/http-put-knowledge',
    ]);
    expect(knowledgeRoutes.filter((bundle) => bundle.inputs.some((input) => input.includes('node_modules/minisearch/'))).map((bundle) => bundle.handler)).toEqual([]);
    const holdsDocuments = (bundle: Bundle) => bundle.inputs.some((input) => input.startsWith('lib/knowledge/documents'));
    expect(knowledgeRoutes.every(holdsDocuments)).toBe(true);
    const others = bundles.filter((bundle) => !knowledgeRoutes.includes(bundle));
    expect(others.filter(holdsDocuments).map((bundle) => bundle.handler)).toEqual([]);
  });

  test('$connect goes through the REQUEST authorizer, and the grace-period sweep runs every minute', () => {
    const authorizer = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer?.Properties).toMatchObject({ AuthorizerType: 'REQUEST', IdentitySource: ['context.connectionId'] });
    const connectRoute = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === '$connect');
    expect(connectRoute?.Properties.AuthorizationType).toBe('CUSTOM');
    const schedules = Object.values(resources)
      .filter((r) => r.Type === 'AWS::Events::Rule')
      .map((r) => r.Properties.ScheduleExpression);
    expect(schedules).toEqual(['rate(1 minute)']);
  });

  test('routes every WebSocket route and the REST fallback', () => {
    const routeKeys = Object.values(resources)
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map((r) => r.Properties.RouteKey)
      .sort();
    expect(routeKeys).toEqual(expect.arrayContaining(['$connect', '$default', '$disconnect', 'InitChat', 'POST /sendmessage', 'sendMessage']));
  });

  test('every function runs on arm64; those the bench drives run at their measured size (128 MB), the others at 256 MB', () => {
    const functions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.map((fn) => fn.Properties.Architectures)).toEqual(functions.map(() => ['arm64']));
    const memory = Object.fromEntries(functions.map((fn) => [String(fn.Properties.FunctionName).split('-').pop(), fn.Properties.MemorySize]));
    // bench/memory-sizing.ts: peak (RSS after require + the largest heap growth) x 1.5, rounded up to 64 MB
    for (const name of ['authorize', 'connect', 'disconnect', 'afterConnect', 'initChat', 'sendMessage']) expect([name, memory[name]]).toEqual([name, 128]);
    for (const name of ['sweep', 'assistantAnswer', 'httpListMessages']) expect([name, memory[name]]).toEqual([name, 256]);
  });

  test('ping is answered by a MOCK integration whose route response is the pong frame: no ping Lambda is deployed', () => {
    const functionNames = Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => String(r.Properties.FunctionName));
    expect(functionNames.some((name) => name.endsWith('-ping'))).toBe(false);
    const pingRoutes = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === 'ping');
    expect(pingRoutes.map(([id]) => id)).toEqual(['PingMockRoute']);
    const integration = resources.PingMockIntegration as Resource;
    expect(integration.Properties).toMatchObject({ IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode": 200}' } });
    const answer = resources.PingMockIntegrationResponse as Resource;
    expect(JSON.parse(String((answer.Properties.ResponseTemplates as Record<string, string>).$default))).toEqual({ action: 'pong' });
    expect((resources.PingMockRouteResponse as Resource).Properties).toMatchObject({ RouteResponseKey: '$default' });
    const deployment = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Deployment') as Resource & { DependsOn?: string[] };
    expect(deployment.DependsOn).toEqual(expect.arrayContaining(['PingMockRoute', 'PingMockRouteResponse']));
  });

  test('the conversation API streams: its function has a Function URL with invokeMode RESPONSE_STREAM, and no HTTP API route', () => {
    const urls = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Url');
    expect(urls.map(([name]) => name)).toEqual(['ConversationsLambdaFunctionUrl']);
    const [, url] = urls[0]!;
    expect(url.Properties.InvokeMode).toBe('RESPONSE_STREAM');
    // the handler checks the bearer token and writes CORS per target's widget origins: no IAM auth, no URL-level CORS
    expect(url.Properties.AuthType).toBe('NONE');
    expect(url.Properties.Cors).toBeUndefined();
    expect(JSON.stringify(url.Properties.TargetFunctionArn)).toContain('ConversationsLambdaFunction');
    expect(resources.ConversationsLambdaFunction!.Properties.Handler).toBe('handlers/conversations.handler');
    // the URL may be invoked by anyone (the function authenticates): both permissions a public URL needs
    const permissions = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Lambda::Permission' && JSON.stringify(r.Properties.FunctionName).includes('ConversationsLambdaFunction'),
    );
    expect(permissions.map((p) => p.Properties.Action).sort()).toEqual(['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl']);
    // an HTTP API route could not stream the answer: none of the conversation paths is one
    const httpRoutes = Object.values(resources)
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map((r) => String(r.Properties.RouteKey));
    expect(httpRoutes.filter((key) => key.includes('/v1/chat/'))).toEqual([]);
    // the streaming bundle holds the answering pipeline (one implementation) and the adapter
    const bundle = bundles.find((b) => b.handler === 'handlers/conversations');
    expect(bundle?.inputs).toEqual(expect.arrayContaining(['lib/assistant/answer-chat.ts', 'lib/lambda-adapters/stream-adapter.ts']));
  });

  test('gives each function its own role, and only $connect may invoke afterConnect', () => {
    const roles = Object.entries(resources).filter(([name, r]) => r.Type === 'AWS::IAM::Role' && name !== 'IamRoleLambdaExecution');
    expect(roles.length).toBeGreaterThanOrEqual(7);
    const actionsOf = (roleName: string): string[] => resources[roleName]!.Properties.Policies!.flatMap((policy) => policy.PolicyDocument.Statement.flatMap((s) => s.Action));
    expect(actionsOf('ConnectIamRoleLambdaExecution')).toContain('lambda:InvokeFunction');
    // sendMessage may invoke the assistant's function, and no other
    const invokedBy = (roleName: string): string[] =>
      resources[roleName]!.Properties.Policies!.flatMap((policy) => policy.PolicyDocument.Statement)
        .filter((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'))
        .flatMap((statement) => [statement.Resource].flat().map((resource) => JSON.stringify(resource)));
    expect(invokedBy('SendMessageIamRoleLambdaExecution')).toEqual([expect.stringContaining('assistantAnswer')]);
    expect(invokedBy('ConnectIamRoleLambdaExecution')).toEqual([expect.stringContaining('afterConnect')]);
    expect(actionsOf('DisconnectIamRoleLambdaExecution')).toEqual(expect.arrayContaining(['dynamodb:UpdateItem']));
    expect(actionsOf('DisconnectIamRoleLambdaExecution')).not.toContain('dynamodb:PutItem');
    // the authorizer reads the token secret and nothing else ($connect's registration redeems tickets and checks a token's teams)
    expect(actionsOf('AuthorizeIamRoleLambdaExecution').filter((action) => !action.startsWith('logs:'))).toEqual(['ssm:GetParameter']);
    // issuing a ticket reads those sellers too, and takes from the new visitors' bucket of the address
    expect(actionsOf('HttpConnectTicketIamRoleLambdaExecution').filter((action) => !action.startsWith('logs:'))).toEqual([
      'ssm:GetParameter',
      'dynamodb:BatchGetItem',
      'dynamodb:UpdateItem',
    ]);
    for (const [, role] of roles) {
      const actions = role.Properties.Policies!.flatMap((p) => p.PolicyDocument.Statement.flatMap((s) => s.Action));
      expect(actions).not.toContain('dynamodb:*');
      // every read goes by key or index: a Scan grows with the table
      expect(actions).not.toContain('dynamodb:Scan');
    }
  });

  test('holds the private attachments bucket: encrypted, public access blocked, CORS for form uploads, a lifecycle rule, TLS only', () => {
    const bucket = resources.AttachmentsBucket;
    expect(bucket?.Type).toBe('AWS::S3::Bucket');
    const properties = bucket!.Properties as unknown as {
      BucketEncryption: { ServerSideEncryptionConfiguration: unknown };
      PublicAccessBlockConfiguration: unknown;
      CorsConfiguration: { CorsRules: unknown };
      LifecycleConfiguration: { Rules: unknown };
    };
    expect(properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }]);
    expect(properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(properties.CorsConfiguration.CorsRules).toEqual([{ AllowedMethods: ['GET', 'POST'], AllowedOrigins: { 'Fn::Split': [',', '*'] }, AllowedHeaders: ['*'], MaxAge: 3600 }]);
    expect(properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } })]),
    );
    const policy = resources.AttachmentsBucketPolicy?.Properties.PolicyDocument as { Statement: { Effect: string; Condition: unknown }[] };
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
    // every function finds the bucket by its reference
    const functions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    for (const fn of functions) expect(fn.Properties.Environment!.Variables.ATTACHMENTS_BUCKET).toEqual({ Ref: 'AttachmentsBucket' });
  });

  test("each function's role reaches only the S3 actions it uses, on the bucket's objects (listing: the chats' prefix) only; only the upload route bundles the S3 client", () => {
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['AttachmentsBucket', 'Arn'] }, '/*']] };
    const bucket = { 'Fn::GetAtt': ['AttachmentsBucket', 'Arn'] };
    const s3Grants = Object.fromEntries(
      Object.entries(resources)
        .filter(([name, r]) => r.Type === 'AWS::IAM::Role' && name !== 'IamRoleLambdaExecution')
        .map(([name, role]) => {
          const statements = role.Properties.Policies!.flatMap((p) => p.PolicyDocument.Statement).filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:')));
          for (const statement of statements) {
            // listing is granted on the bucket, and only under the chats' prefix; every other action on its objects
            if ([statement.Action].flat().includes('s3:ListBucket')) {
              expect(statement).toMatchObject({ Action: ['s3:ListBucket'], Resource: [bucket], Condition: { StringLike: { 's3:prefix': ['chats/*'] } } });
            } else expect(statement.Resource).toEqual([objects]);
          }
          return [
            name.replace('IamRoleLambdaExecution', ''),
            statements
              .flatMap((st) => [st.Action].flat())
              .sort()
              .join(','),
          ];
        })
        .filter(([, actions]) => actions),
    );
    // building a message frame signs its files' links (GetObject): the routes that push or list messages
    const signsLinks = [
      'AfterConnect',
      'AssistantAnswer',
      'Conversations',
      'HttpDeleteContact',
      'HttpDeleteMessage',
      'HttpEndContact',
      'HttpGetContact',
      'HttpListMessages',
      'HttpTransferContact',
      'InitChat',
      'Presence',
      'RequestHuman',
      'Resume',
      'SendMessage',
      'SendMessageRest',
      'Sweep',
    ];
    // deleting a chat lists its files and deletes each: the two routes that delete chats
    const deletesFiles = ['Conversations', 'HttpDeleteContact'];
    expect(s3Grants).toEqual({
      ...Object.fromEntries(signsLinks.map((name) => [name, deletesFiles.includes(name) ? 's3:DeleteObject,s3:GetObject,s3:ListBucket' : 's3:GetObject'])),
      HttpCreateAttachment: 's3:PutObject',
    });
    const withS3Client = bundles.filter((bundle) => bundle.inputs.some((input) => /node_modules\/@aws-sdk\/(client-s3|s3-presigned-post)\//.test(input)));
    expect(withS3Client.map((bundle) => bundle.handler)).toEqual(['handlers/http-create-attachment']);
  });

  test('keeps the token secret out of the template', () => {
    const functions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    for (const fn of functions) {
      const variables = fn.Properties.Environment!.Variables;
      expect(variables).not.toHaveProperty('SELLER_TOKEN_SECRET');
      expect(variables.TOKEN_SECRET_PARAMETER).toBe('/seller-chat/ci/token-secret');
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
    }
  });

  test('every function and table has its alarms, and every alarm notifies the one alarm topic', () => {
    const alarms = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    const functions = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([id]) => id);
    expect(functions.length).toBeGreaterThan(20);
    const onFunction = (metric: string) =>
      alarms.filter(([, a]) => a.Properties.Namespace === 'AWS/Lambda' && a.Properties.MetricName === metric).map(([, a]) => refOf(a.Properties.Dimensions![0]!.Value));
    expect(onFunction('Errors').sort()).toEqual([...functions].sort());
    expect(onFunction('Throttles').sort()).toEqual([...functions].sort());
    const tables = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::DynamoDB::Table')
      .map(([id]) => id);
    for (const table of tables) {
      const onTable = alarms.filter(([, a]) => (a.Properties.Metrics ?? []).some((m) => m.MetricStat?.Metric.Dimensions.some((d) => refOf(d.Value) === table)));
      const metricNames = onTable.flatMap(([, a]) => a.Properties.Metrics!.filter((m) => m.MetricStat).map((m) => m.MetricStat!.Metric.MetricName));
      expect(new Set(metricNames)).toEqual(new Set(['ReadThrottleEvents', 'WriteThrottleEvents', 'SystemErrors']));
    }
    // the functions' own metrics: failed pushes and queue wait, for the whole stage
    expect(resources.PushesFailedAlarm?.Properties).toMatchObject({
      Namespace: 'SellerChat',
      MetricName: 'PushesFailed',
      Dimensions: [{ Name: 'stage', Value: 'ci' }],
      Threshold: 20,
    });
    expect(resources.QueueWaitAlarm?.Properties).toMatchObject({ Namespace: 'SellerChat', MetricName: 'QueueWaitMs', ExtendedStatistic: 'p90', Threshold: 120000 });
    expect(resources.AlarmTopic?.Type).toBe('AWS::SNS::Topic');
    for (const [, alarm] of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: 'AlarmTopic' }]);
    expect(resources.AlarmEmailSubscription).toMatchObject({ Condition: 'HasAlarmEmail', Properties: { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email' } });
  });

  test('a failed afterConnect is retried once, then kept in a queue for 14 days that an alarm and the dashboard watch', () => {
    expect(resources.AfterConnectFailures).toMatchObject({ Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600 } });
    expect(resources.AfterConnectInvokeConfig?.Properties).toMatchObject({
      FunctionName: { Ref: 'AfterConnectLambdaFunction' },
      MaximumRetryAttempts: 1,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['AfterConnectFailures', 'Arn'] } } },
    });
    expect(resources.AfterConnectLambdaFunction?.Type).toBe('AWS::Lambda::Function');
    const statements = resources.AfterConnectIamRoleLambdaExecution?.Properties.Policies!.flatMap((p) => p.PolicyDocument.Statement);
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': ['AfterConnectFailures', 'Arn'] }] });
    expect(resources.AfterConnectFailuresAlarm?.Properties.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['AfterConnectFailures', 'QueueName'] } }]);
    const [body, values] = resources.OperationsDashboard!.Properties.DashboardBody!['Fn::Sub'];
    // the dashboard is valid JSON once CloudFormation substitutes its names
    const dashboard = JSON.parse(String(body).replace(/\$\{[^}]+\}/g, 'x'));
    expect(dashboard.widgets.length).toBeGreaterThanOrEqual(6);
    expect(values.FailureQueue).toEqual({ 'Fn::GetAtt': ['AfterConnectFailures', 'QueueName'] });
    expect(body).toContain('${WebsocketsApi}');
    expect(resources.WebsocketsApi?.Type).toBe('AWS::ApiGatewayV2::Api');
  });
});
