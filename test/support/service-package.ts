/** `serverless package` into a folder, and each function's bundle and metafile read back from its zip. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipEntries } from './zip-entries';

/** A value the template writes: a literal, or a reference to another resource (`{ Ref }`, `{ 'Fn::GetAtt' }`). */
export type TemplateValue = string | number | { Ref: string } | { 'Fn::GetAtt': [string, string] };

/** One of a role's policies. */
export interface IamPolicy {
  PolicyName: string;
  PolicyDocument: { Version: string; Statement: { Effect: string; Action: string[]; Resource: unknown }[] };
}

export interface MetricDimension {
  Name: string;
  Value: TemplateValue;
}

/** One line of a metric-math alarm: a metric (`MetricStat`) or an expression over the others. */
export interface AlarmMetric {
  Id: string;
  Expression?: string;
  MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: MetricDimension[] } };
}

/**
 * What the tests read of a resource's properties, each typed as the resource types that have it
 * write it (the comments name them); another type's property is absent, anything else is unknown.
 */
export interface ResourceProperties extends Record<string, unknown> {
  // AWS::Lambda::Function
  Handler?: string;
  Code?: { S3Bucket: unknown; S3Key: string };
  Runtime?: string;
  Environment?: { Variables: Record<string, TemplateValue> };
  TracingConfig?: { Mode: string };
  // AWS::IAM::Role
  Policies?: IamPolicy[];
  // AWS::CloudWatch::Alarm
  Namespace?: string;
  MetricName?: string;
  Dimensions?: MetricDimension[];
  Metrics?: AlarmMetric[];
  AlarmActions?: TemplateValue[];
  // AWS::CloudWatch::Dashboard: the body and the names CloudFormation substitutes into it
  DashboardBody?: { 'Fn::Sub': [string, Record<string, TemplateValue>] };
  // AWS::DynamoDB::Table
  TableName?: string;
  GlobalSecondaryIndexes?: { IndexName: string; Projection: { ProjectionType: string; NonKeyAttributes?: string[] } }[];
  // AWS::ApiGatewayV2::Route
  RouteKey?: string;
  AuthorizationType?: string;
  // AWS::Events::Rule
  ScheduleExpression?: string;
}

export interface Resource {
  Type: string;
  Condition?: string;
  Properties: ResourceProperties;
}

/** A function's bundle as packaged: `handler` is its path without the extension (`handlers/ping`). */
export interface PackagedBundle {
  handler: string;
  code: Buffer;
  meta: Buffer;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Packages the service for `stage` into `packageDir` with `env` added to this process's environment
 * (its own esbuild work folder: a test stack or `npm start` may be bundling into the default one).
 */
export function packageService(
  packageDir: string,
  options: { stage: string; env?: Record<string, string>; timeoutMs?: number },
): { resources: Record<string, Resource>; bundles: PackagedBundle[] } {
  execFileSync(process.execPath, ['node_modules/serverless/bin/serverless.js', 'package', '--stage', options.stage, '--package', packageDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', ESBUILD_WORK_FOLDER: `.esbuild-package-${process.pid}` },
    stdio: 'pipe',
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  const template = JSON.parse(readFileSync(path.join(packageDir, 'cloudformation-template-update-stack.json'), 'utf8')) as { Resources: Record<string, Resource> };
  const resources = template.Resources;
  const bundles = Object.values(resources)
    .filter((r) => r.Type === 'AWS::Lambda::Function')
    .map((fn) => {
      const handler = String(fn.Properties.Handler).replace(/\.[^.]+$/, '');
      // every function of the template is packaged: its Code names its zip
      const files = zipEntries(path.join(packageDir, path.basename(fn.Properties.Code!.S3Key)), (name) => name === `${handler}.js` || name === `${handler}-meta.json`);
      const code = files.get(`${handler}.js`);
      const meta = files.get(`${handler}-meta.json`);
      if (code === undefined || meta === undefined) throw new Error(`the package of ${handler} holds no bundle or metafile`);
      return { handler, code, meta };
    });
  return { resources, bundles };
}
