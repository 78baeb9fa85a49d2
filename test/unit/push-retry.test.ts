/**
 * Pushes against a management API that fails: 429/5xx are retried a bounded number of times, 410 is not.
 * The SDK client is real (its retry strategy is what is tested); only its HTTP handler is a stand-in.
 */
import { Readable } from 'node:stream';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { postFrame } from '../../lib/realtime/delivery';

describe('postFrame retries', () => {
  let answers: number[] = [];
  let hits = 0;
  const client = new ApiGatewayManagementApiClient({
    endpoint: 'http://management.test',
    region: 'us-east-1',
    maxAttempts: 3,
    credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' },
    // the SDK's request handler seam: every attempt lands here instead of on the network
    requestHandler: {
      handle: async () => {
        hits++;
        const status = answers.shift() ?? 200;
        const body = Readable.from([Buffer.from(status === 200 ? '' : '{"message":"nope"}')]);
        return { response: { statusCode: status, headers: { 'content-type': 'application/json' }, body } };
      },
    } as unknown as ApiGatewayManagementApiClient['config']['requestHandler'],
  });

  beforeEach(() => {
    hits = 0;
  });

  test('a throttled, then failing, then working management API gets the frame through', async () => {
    answers = [429, 503];
    await expect(postFrame(client, 'conn-1', { action: 'pong' })).resolves.toBe('sent');
    expect(hits).toBe(3);
  });

  test('a management API that keeps failing is given up after 3 attempts', async () => {
    answers = [500, 500, 500, 500, 500];
    await expect(postFrame(client, 'conn-1', { action: 'pong' })).rejects.toBeDefined();
    expect(hits).toBe(3);
  });

  test('410 Gone is final at once: the connection is gone', async () => {
    answers = [410];
    await expect(postFrame(client, 'conn-1', { action: 'pong' })).resolves.toBe('gone');
    expect(hits).toBe(1);
  });
});
