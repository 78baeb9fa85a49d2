/** Hardening items 11 and 12: `resumed` tells the chat's real last seq; a malformed Authorization header is 401, never ignored. */
import { api, connectVisitor, uniqueId, type ErrorBody } from '../../support/chat-client';
import { initChat, say } from '../../support/chat-stories';

describe('resume answers the truth', () => {
  test("an afterSeq beyond the chat gets the chat's last seq back, not its own echo", async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    const { contact_id } = await initChat(visitor, uniqueId('seller'));
    visitor.send({ action: 'resume', contact_id, afterSeq: Number.MAX_SAFE_INTEGER });
    expect(await visitor.next('resumed')).toMatchObject({ afterSeq: Number.MAX_SAFE_INTEGER, lastSeq: 0, count: 0 });
    await say(visitor, contact_id, 'one');
    await say(visitor, contact_id, 'two');
    visitor.send({ action: 'resume', contact_id, afterSeq: 99 });
    expect(await visitor.next('resumed')).toMatchObject({ afterSeq: 99, lastSeq: 2, count: 0 });
    visitor.send({ action: 'resume', contact_id, afterSeq: 1 });
    expect(await visitor.next('resumed')).toMatchObject({ afterSeq: 1, lastSeq: 2, count: 1 });
    await visitor.close();
  });
});

describe('Authorization headers', () => {
  test('a header that is not "Bearer <token>" is 401 on /sendmessage and /v1/connect-tickets, and starts nothing', async () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'token']) {
      const rest = await api<ErrorBody>('/sendmessage', { method: 'POST', body: { sellerId: uniqueId('seller'), message: 'hi' }, headers: { authorization } });
      expect({ authorization, status: rest.status, error: rest.body.error }).toEqual({
        authorization,
        status: 401,
        error: { code: 'UNAUTHORIZED', message: 'the Authorization header must be "Bearer <token>"' },
      });
      const ticket = await api('/v1/connect-tickets', { method: 'POST', headers: { authorization } });
      expect({ authorization, status: ticket.status }).toEqual({ authorization, status: 401 });
    }
  });
});
