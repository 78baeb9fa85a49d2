/** POST /sendmessage: the seed's REST fallback, stored and pushed like sendMessage. */
import { api, connectSeller, connectSessionVisitor, uniqueId } from '../support/chat-client';
import type { RestSendAnswer } from '../../lib/protocol/views';

describe('POST /sendmessage', () => {
  test('a visitor whose socket is down keeps writing into its chat with the InitChat visitorToken', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectSessionVisitor();
    const deviceId = visitor.session.visitorId;
    visitor.send({ action: 'InitChat', sellerId, userInfo: { name: 'Di' } });
    const ack = await visitor.next('InitChat');
    visitor.send({ action: 'sendMessage', to: sellerId, message: 'over the socket', clientMessageId: 'ws-1' });
    await visitor.next((f) => f.action === 'messageAck');
    await visitor.close();

    const response = await api<RestSendAnswer>('/sendmessage', {
      method: 'POST',
      token: ack.visitorToken,
      headers: { origin: 'http://shop.example' },
      body: { sellerId, widgetId: 'w', message: 'over REST', userInfo: { name: 'Di' }, clientMessageId: 'rest-1' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ contact_id: ack.contact_id, seq: 2, delivered: true, clientMessageId: 'rest-1' });
    // HTTP API CORS (cors: true) allows any origin: '*' on AWS, the origin echoed by serverless-offline
    expect(['*', 'http://shop.example']).toContain(response.headers.get('access-control-allow-origin'));
    const pushed = await seller.next((f) => f.action === 'sendMessage' && f.message === 'over REST');
    expect(pushed).toMatchObject({ from: deviceId, contact_id: ack.contact_id, id: response.body.id });

    const retry = await api('/sendmessage', {
      method: 'POST',
      token: ack.visitorToken,
      body: { sellerId, message: 'over REST', clientMessageId: 'rest-1' },
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id: response.body.id, seq: 2, duplicate: true });
    await seller.close();
  });

  test('a tokenless seed body starts a chat and returns the token for the next call', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const first = await api<RestSendAnswer>('/sendmessage', { method: 'POST', body: { sellerId, widgetId: 'w', message: 'one', userInfo: { name: 'Ed' } } });
    expect(first.status).toBe(201);
    expect(await seller.next((f) => f.action === 'contactAssigned')).toMatchObject({ contact_id: first.body.contact_id });
    const second = await api('/sendmessage', { method: 'POST', token: first.body.visitorToken ?? undefined, body: { sellerId, message: 'two' } });
    expect(second.body).toMatchObject({ contact_id: first.body.contact_id, seq: 2 });
    await seller.close();
  });

  test('a browser preflight from a shop page is allowed, Authorization included', async () => {
    const preflight = await api('/sendmessage', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  test('refusals: bad JSON, missing fields, no token for an open chat, a token for another chat, a forged token', async () => {
    const sellerId = uniqueId('seller');
    const deviceId = uniqueId('device');
    const badJson = await api('/sendmessage', { method: 'POST', rawBody: '{oops' });
    expect(badJson).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', message: 'body is not valid JSON' } } });
    const missing = await api('/sendmessage', { method: 'POST', body: { sellerId } });
    expect(missing).toMatchObject({ status: 400, body: { error: { message: 'message is required' } } });
    const tooLong = await api('/sendmessage', { method: 'POST', body: { sellerId, message: 'x'.repeat(4001) } });
    expect(tooLong).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });

    const opened = await api<RestSendAnswer>('/sendmessage', { method: 'POST', body: { sellerId, deviceId, message: 'mine' } });
    expect(opened.status).toBe(201);
    expect(opened.body.visitorToken).toBeNull();
    const hijack = await api('/sendmessage', { method: 'POST', body: { sellerId, deviceId, message: 'as you' } });
    expect(hijack).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    const named = await api('/sendmessage', { method: 'POST', body: { sellerId, contact_id: opened.body.contact_id, message: 'x' } });
    expect(named.status).toBe(401);

    const other = await api<RestSendAnswer>('/sendmessage', { method: 'POST', body: { sellerId: uniqueId('seller'), message: 'elsewhere' } });
    const crossed = await api('/sendmessage', {
      method: 'POST',
      token: other.body.visitorToken ?? undefined,
      body: { sellerId, contact_id: opened.body.contact_id, message: 'crossing' },
    });
    expect(crossed).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const forged = await api('/sendmessage', { method: 'POST', token: `${other.body.visitorToken}x`, body: { sellerId, message: 'x' } });
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'token invalid' } } });
  });
});
