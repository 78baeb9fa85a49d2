/**
 * Hardening item 13: a store outage a client may retry is UNAVAILABLE with retryAfter (503 and
 * Retry-After over HTTP), told apart from a bug (INTERNAL); and the local web server answers only
 * for loopback host names, so a DNS-rebinding page cannot fetch /local/seller-token.
 */
import http from 'node:http';
import { api, uniqueId } from '../../support/chat-client';
import { failDynamo } from '../../support/dynamo-faults';

function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, process.env.CHAT_WEB_URL);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('an outage is not a bug', () => {
  test('a message the store cannot take (throttled or 5xx past the SDK retries) is 503 UNAVAILABLE with Retry-After', async () => {
    await failDynamo({ operation: 'PutItem', table: 'messages', times: 5 });
    const answer = await api('/sendmessage', { method: 'POST', body: { sellerId: uniqueId('seller'), message: 'during the outage' } });
    expect(answer).toMatchObject({ status: 503, body: { error: { code: 'UNAVAILABLE', retryAfter: 2 } } });
    expect(answer.headers.get('retry-after')).toBe('2');
  });

  test('a failure no retry will cure stays INTERNAL (500)', async () => {
    await failDynamo({ operation: 'PutItem', table: 'messages', times: 1, status: 400 });
    const answer = await api('/sendmessage', { method: 'POST', body: { sellerId: uniqueId('seller'), message: 'a refused write' } });
    expect(answer).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL' } } });
    expect(answer.headers.get('retry-after')).toBeNull();
  });
});

describe('the local web server', () => {
  test('answers loopback host names and refuses any other with 421', async () => {
    const port = new URL(process.env.CHAT_WEB_URL as string).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect({ host, status: (await getWithHost('/dashboard/', host)).status }).toEqual({ host, status: 200 });
    }
    for (const host of [`rebound.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`]) {
      const answer = await getWithHost('/local/seller-token?sellerId=seller-1', host);
      expect({ host, status: answer.status, leaked: answer.body.includes('token') && answer.body.includes('eyJ') }).toEqual({ host, status: 421, leaked: false });
    }
  });
});
