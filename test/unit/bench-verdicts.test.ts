/** One verdict per target of issue 10, and the per-function environment the cold-require timing uses. */
import { envOfBundle, functionEnvironments, resolveVariables } from '../../bench/function-env';
import { verdictLines, verdicts, type Figures } from '../../bench/verdicts';

const meeting: Figures = {
  requestsPerMessage: { toOnly: 3, contactId: 3 },
  roundTripsBeforePush: { max: 2, median: 2, invocations: 600 },
  writeUnitsPerMessageDynamoDbLocal: 2,
  requestsPerInitChat: 7,
  requestsPerConnection: { visitor: 2, seller: 3, visitorWithAfterConnect: 2, sellerWithAfterConnect: 4 },
  p50Ratio: { visitorToSeller: 1.5, sellerToVisitor: 1.6 },
  awsP50Ratio: { visitorToSeller: 1.3, sellerToVisitor: 1.1 },
  throughputRatio: { 2: 0.5, 100: 0.8, 1000: 0.95 },
  throughputSpread: { 2: { spread: 0.3, runs: 3 }, 100: { spread: 0.1, runs: 3 }, 1000: { spread: 0.05, runs: 3 } },
  bundles: { maxKb: 499, budgetKb: 500, sdkBundled: true, largest: 'connect', maxColdImportMs: 70, slowest: 'connect', overSize: [], overColdImport: [] },
  cost: { withAck: 5.5, seedFrames: 4.5, unitsEngine: 'dynamodb-local' },
  faults: { lost: 0, duplicates: 0, outOfOrder: 0 },
};

describe('verdicts', () => {
  test('every target at its limit is met, one line each', () => {
    const list = verdicts(meeting);
    expect(list).toHaveLength(16);
    expect(list.every((v) => v.met === true)).toBe(true);
  });

  test('a figure past its limit is not met, and says which bundles', () => {
    const list = verdicts({
      ...meeting,
      requestsPerMessage: { toOnly: 3.01, contactId: 3 },
      throughputRatio: { 100: 0.79, 1000: 0.9 },
      bundles: { ...meeting.bundles, maxKb: 505, overSize: ['connect'] },
      faults: { lost: 0, duplicates: 1, outOfOrder: 0 },
    });
    const failed = list.filter((v) => v.met === false).map((v) => v.target);
    expect(failed).toEqual([
      'DynamoDB requests per delivered message, `to` only (seed frame), each direction ≤ 3',
      'delivered msg/s at 100 connections, ours / baseline ≥ 0.8×, spread over 3 runs ≤ 0.1',
      'every handler bundle ≤ 500 KB with the AWS SDK bundled (≤ 150 KB with it external)',
      'lost / duplicated / out-of-order messages = 0',
    ]);
    expect(list.find((v) => v.target.startsWith('every handler bundle'))?.figure).toContain('over: connect');
  });

  test('the p50 target is judged under the AWS latency model, with the raw ratio beside it', () => {
    const list = verdicts({ ...meeting, awsP50Ratio: { visitorToSeller: 1.31, sellerToVisitor: 1.2 } });
    const toSeller = list.find((v) => v.target.startsWith('p50 visitor → seller'));
    expect(toSeller).toMatchObject({ met: false, figure: '1.31× (raw, local engines: 1.50×)' });
    const off = verdicts({ ...meeting, awsP50Ratio: { visitorToSeller: null, sellerToVisitor: null } });
    expect(off.find((v) => v.target.startsWith('p50 seller → visitor'))).toMatchObject({ met: null });
  });

  test('a throughput ratio is met only with its spread over three runs ≤ 0.1; one run leaves it unjudged', () => {
    const wide = verdicts({ ...meeting, throughputSpread: { ...meeting.throughputSpread, 1000: { spread: 0.11, runs: 3 } } });
    expect(wide.find((v) => v.target.includes('1000 connections'))).toMatchObject({ met: false, figure: '0.95× median of 3, spread 0.11' });
    const single = verdicts({ ...meeting, throughputSpread: { 100: { spread: 0, runs: 1 }, 1000: { spread: 0, runs: 1 } } });
    expect(single.find((v) => v.target.includes('100 connections'))).toMatchObject({ met: null });
  });

  test('a bundle with the AWS SDK external is held to 150 KB', () => {
    const external = verdicts({ ...meeting, bundles: { ...meeting.bundles, maxKb: 151, budgetKb: 150, sdkBundled: false, overSize: ['connect'] } });
    const size = external.find((v) => v.target.startsWith('every handler bundle'));
    expect(size?.met).toBe(false);
    expect(size?.figure).toContain('SDK external');
  });

  test('figures the run left out are "not measured", never met', () => {
    const list = verdicts({ ...meeting, writeUnitsPerMessageDynamoDbLocal: null, throughputRatio: { 100: 1 } });
    const units = list.find((v) => v.target.startsWith('write units'));
    expect(units).toMatchObject({ met: null });
    expect(units?.figure).toContain('--units-engine dynamodb-local');
    expect(list.find((v) => v.target.includes('1000 connections'))?.met).toBeNull();
    expect(verdictLines(list).some((l) => l.startsWith('- **not measured**'))).toBe(true);
  });

  test('cost figures over several runs say they are the median', () => {
    const list = verdicts({ ...meeting, cost: { withAck: 5.49, seedFrames: 4.51, unitsEngine: 'dynamodb-local', runs: 3 } });
    const withAck = list.find((v) => v.target.startsWith('cost per 1 M chat messages with'));
    expect(withAck).toMatchObject({ met: true, figure: '$5.49 (median of 3 runs, DynamoDB Local units)' });
    expect(list.find((v) => v.target.startsWith('cost per 1 M chat messages, seed'))?.met).toBe(false);
  });

  test('cost figures name where their units came from', () => {
    const list = verdicts({ ...meeting, cost: { withAck: 5, seedFrames: 4, unitsEngine: 'dynalite' } });
    expect(list.find((v) => v.target.startsWith('cost per 1 M chat messages with'))?.figure).toBe('$5.00 (dynalite units: index writes missing)');
  });
});

describe('per-function environment from serverless.yml', () => {
  const config = {
    service: 'svc',
    provider: {
      memorySize: 256,
      environment: {
        STAGE: '${sls:stage}',
        TABLE: '${self:service}-${sls:stage}-t',
        LEVEL: "${env:LOG_LEVEL, 'info'}",
        EMPTY: "${env:NOPE, ''}",
        PARAM: '/${self:service}/${sls:stage}/secret',
        ENDPOINT: { 'Fn::Join': ['', ['https://', { Ref: 'Api' }]] },
      },
    },
    functions: {
      send: { handler: 'handlers/send-message.handler', environment: { EXTRA: '${self:provider.environment.TABLE}-x' } },
      other: { handler: 'handlers/other.handler', memorySize: 1024 },
    },
  };

  test('provider and function variables, resolved as a deploy without overrides resolves them', () => {
    const envs = functionEnvironments(config, { stage: 'bench', local: { ENDPOINT: 'http://127.0.0.1:9' } });
    const send = envOfBundle(envs, 'send-message');
    expect(send).toMatchObject({
      STAGE: 'bench',
      TABLE: 'svc-bench-t',
      LEVEL: 'info',
      EMPTY: '',
      PARAM: '/svc/bench/secret',
      ENDPOINT: 'http://127.0.0.1:9',
      EXTRA: 'svc-bench-t-x',
      AWS_LAMBDA_FUNCTION_NAME: 'svc-bench-send',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_REGION: 'us-east-1',
    });
    expect(envOfBundle(envs, 'other')).not.toHaveProperty('EXTRA');
    expect(envOfBundle(envs, 'other')?.AWS_LAMBDA_FUNCTION_MEMORY_SIZE).toBe('1024');
    expect(envOfBundle(envs, 'missing')).toBeUndefined();
  });

  test('a CloudFormation expression without a local value is an error, an unresolvable variable too', () => {
    const noLocal = { ...config, provider: { ...config.provider, environment: { X: { Ref: 'Thing' } } } };
    expect(() => functionEnvironments({ ...noLocal, functions: { f: { handler: 'h/f.handler' } } }, { stage: 's' })).toThrow(/X is a CloudFormation expression/);
    expect(() => resolveVariables('${ssm:/x}', { config: {}, stage: 's', region: 'r', env: {} })).toThrow(/cannot resolve/);
  });
});
