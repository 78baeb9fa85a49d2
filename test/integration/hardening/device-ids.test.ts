/**
 * Hardening item 2: a deviceId alone buys no credential over REST, and no HTTP route reads, ends or
 * deletes a chat on the strength of a deviceId (a visitorToken minted for one by an older REST
 * fallback included).
 */
import { signVisitorToken } from '../../../lib/access/tokens';
import { api, connectSeller, uniqueId, type ErrorBody } from '../../support/chat-client';
import type { ContactWithMessages, RestSendAnswer } from '../../../lib/protocol/views';

describe('device ids over REST', () => {
  test('a device session starts a chat over REST and gets no visitorToken; it cannot write into that chat again without one', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const deviceId = uniqueId('device');
    const started = await api<RestSendAnswer>('/sendmessage', { method: 'POST', body: { sellerId, deviceId, message: 'hi' } });
    expect(started.status).toBe(201);
    expect(started.body.visitorToken).toBeNull();
    expect((await seller.next('sendMessage')).message).toBe('hi');
    const again = await api('/sendmessage', { method: 'POST', body: { sellerId, deviceId, message: 'again' } });
    expect(again).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    // another target's chat buys nothing either
    const elsewhere = await api<RestSendAnswer>('/sendmessage', { method: 'POST', body: { sellerId: uniqueId('seller'), deviceId, message: 'hi' } });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.visitorToken).toBeNull();
    await seller.close();
  });

  test('a visitorToken minted for a deviceId reads, ends and deletes nothing (401 on every route)', async () => {
    const sellerId = uniqueId('seller');
    const deviceId = uniqueId('device');
    const started = await api<RestSendAnswer>('/sendmessage', { method: 'POST', body: { sellerId, deviceId, message: 'hi' } });
    const contactId = started.body.contact_id as string;
    // what the REST fallback used to hand out for a deviceId
    const legacy = signVisitorToken(process.env.CHAT_TOKEN_SECRET as string, { deviceId, contactId }, 3600);
    const calls: [string, string][] = [
      ['GET', `/v1/visitors/${deviceId}/contacts`],
      ['GET', `/v1/contacts/${contactId}`],
      ['GET', `/v1/contacts/${contactId}/messages`],
      ['POST', `/v1/contacts/${contactId}/end`],
      ['DELETE', `/v1/contacts/${contactId}`],
    ];
    for (const [method, path] of calls) {
      const answer = await api<ErrorBody>(path, { method, token: legacy });
      expect({ method, path, status: answer.status, code: answer.body?.error?.code }).toEqual({ method, path, status: 401, code: 'UNAUTHORIZED' });
    }
    const write = await api('/sendmessage', { method: 'POST', token: legacy, body: { sellerId, message: 'as the device' } });
    expect(write).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
  });

  test("the seed's body (no deviceId) is a new issued visitor each time, whose visitorToken reads its own chat", async () => {
    const sellerId = uniqueId('seller');
    const first = await api<RestSendAnswer>('/sendmessage', { method: 'POST', body: { sellerId, message: 'seed one' } });
    expect(first.status).toBe(201);
    expect(typeof first.body.visitorToken).toBe('string');
    const own = await api<ContactWithMessages>(`/v1/contacts/${first.body.contact_id}`, { token: first.body.visitorToken ?? undefined });
    expect(own.status).toBe(200);
    expect(own.body.visitor.userId).toMatch(/^vs\./);
  });
});
