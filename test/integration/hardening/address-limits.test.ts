/**
 * Hardening item 4: one address cannot mint identities or start chats without bound. The suite's
 * own address is exempt (global-setup), so these calls come from other loopback addresses, bound
 * as the client's source; the limits are the defaults (RATE_LIMIT_NEW_VISITORS 30/0.5,
 * RATE_LIMIT_CHAT_STARTS_PER_ADDRESS 20/0.1).
 */
import http from 'node:http';
import { uniqueId, type ErrorBody } from '../../support/chat-client';

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: ErrorBody;
}

/** A POST from `sourceAddress` (a loopback address other than 127.0.0.1). */
function postFrom(sourceAddress: string, path: string, body?: unknown): Promise<Answer> {
  const url = new URL(path, process.env.CHAT_HTTP_URL);
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: sourceAddress, headers: { 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] as string | undefined, body: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

describe('per-address limits', () => {
  test('new visitor sessions: 30 from one address, then 429 with Retry-After; a visitor session still renews', async () => {
    const granted: Answer[] = [];
    for (let i = 0; i < 30; i++) granted.push(await postFrom('127.0.0.2', '/v1/connect-tickets'));
    expect(granted.map((answer) => answer.status)).toEqual(Array(30).fill(201));
    const refused = await postFrom('127.0.0.2', '/v1/connect-tickets');
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
    expect(refused.body.error.message).toMatch(/^too many new visitors from this address; try again in \d+ s$/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // another address is its own bucket
    expect((await postFrom('127.0.0.4', '/v1/connect-tickets')).status).toBe(201);
  });

  test('chat starts without a credential: 20 from one address, then 429 with Retry-After', async () => {
    const sellerId = uniqueId('seller');
    const started: number[] = [];
    for (let i = 0; i < 20; i++) started.push((await postFrom('127.0.0.3', '/sendmessage', { sellerId, message: `start ${i}` })).status);
    expect(started).toEqual(Array(20).fill(201));
    const refused = await postFrom('127.0.0.3', '/sendmessage', { sellerId, message: 'one more' });
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
    expect(refused.body.error.message).toMatch(/^too many chat starts from this address; try again in \d+ s$/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  });
});
