/**
 * Pushes against a management API that fails: 429/5xx are retried a bounded number of times, 410 is not.
 * The SDK client is real (its retry strategy is what is tested); only its HTTP handler is the fake
 * management API (test/support/fake-management-api.ts).
 */
import { ApiGatewayManagementApiServiceException } from '@aws-sdk/client-apigatewaymanagementapi';
import { postFrame } from '../../lib/realtime/delivery';
import { fakeManagementApi, refusalMessage } from '../support/fake-management-api';

describe('postFrame retries', () => {
  /** A real client allowed 3 attempts, over a fake whose next calls answer `statuses` (then 200). */
  const managementApi = (...statuses: number[]) => {
    const api = fakeManagementApi().answerNextCalls(...statuses);
    return { api, client: api.sdkClient({ maxAttempts: 3 }) };
  };

  test('a throttled, then failing, then working management API gets the frame through', async () => {
    const { api, client } = managementApi(429, 503);
    await expect(postFrame(client, 'conn-1', { action: 'pong' })).resolves.toBe('sent');
    expect(api.calls.map((call) => call.status)).toEqual([429, 503, 200]);
    expect(api.posts).toEqual([{ connectionId: 'conn-1', frame: { action: 'pong' } }]);
  });

  test("a management API that keeps failing is given up after 3 attempts, with the last answer's error", async () => {
    const { api, client } = managementApi(500, 500, 500, 500, 500);
    const failure = await postFrame(client, 'conn-1', { action: 'pong' }).then(
      (result) => result,
      (error: unknown) => error,
    );
    // the SDK's own service exception for the 500, after its third attempt: not a 'gone', not some other error
    expect(failure).toBeInstanceOf(ApiGatewayManagementApiServiceException);
    expect(failure).toMatchObject({ $fault: 'server', message: refusalMessage(500), $metadata: { httpStatusCode: 500, attempts: 3 } });
    expect(api.calls.map((call) => call.status)).toEqual([500, 500, 500]);
    expect(api.posts).toEqual([]);
  });

  test('410 Gone is final at once: the connection is gone', async () => {
    const { api, client } = managementApi(410);
    await expect(postFrame(client, 'conn-1', { action: 'pong' })).resolves.toBe('gone');
    expect(api.calls).toHaveLength(1);
  });
});
