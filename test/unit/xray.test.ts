/** X-Ray: off (the no-op module) unless a TRACING=true build swaps in the Powertools one (lib/platform/xray.ts). */
import * as xray from '#xray';
import * as off from '../../lib/platform/xray';

test('the tests, like a default build, get the no-op module: clients as they are, the work run as it is', async () => {
  expect(xray.captureClient).toBe(off.captureClient);
  expect(xray.withSubsegment).toBe(off.withSubsegment);
  const client = { send: () => undefined };
  expect(off.captureClient(client)).toBe(client);
  await expect(off.withSubsegment('sendMessage', async () => 42)).resolves.toBe(42);
  await expect(off.withSubsegment('sendMessage', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
});

describe('the Powertools module of a TRACING=true build', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });

  test('outside Lambda (serverless-offline) it only runs the work', async () => {
    delete process.env.AWS_EXECUTION_ENV;
    const on = jest.requireActual('../../lib/platform/xray-powertools') as typeof off;
    await expect(on.withSubsegment('sendMessage', async () => 'done')).resolves.toBe('done');
  });

  test('on Lambda the work is one subsegment named and annotated by its route, and a client gets the X-Ray middleware', async () => {
    Object.assign(process.env, {
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: '/var/task',
      _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0',
    });
    const on = jest.requireActual('../../lib/platform/xray-powertools') as typeof off;
    const sdk = jest.requireActual('aws-xray-sdk-core') as typeof import('aws-xray-sdk-core');
    const seen = await on.withSubsegment('sendMessage', async () => sdk.getSegment());
    expect(seen).toMatchObject({ name: '## sendMessage', annotations: { route: 'sendMessage', ColdStart: true } });
    expect(Object.keys((seen as unknown as { annotations: object }).annotations).sort()).toEqual(['ColdStart', 'route']);
    const next = await on.withSubsegment('InitChat', async () => sdk.getSegment());
    expect(next).toMatchObject({ name: '## InitChat', annotations: { route: 'InitChat', ColdStart: false } });
    // the facade segment is the current one again once the work is done
    expect(sdk.getSegment()).not.toBe(next);
    const { DynamoDBClient } = jest.requireActual('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');
    const client = on.captureClient(new DynamoDBClient({ region: 'us-east-1' }));
    expect(client.middlewareStack.identify().join(' ')).toContain('XRaySDKInstrumentation');
  });
});
