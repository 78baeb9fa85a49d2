/**
 * Every refusal of the history API. A contact the caller may not see answers 404 NOT_FOUND exactly
 * like one that does not exist; a token of the wrong kind for a route answers 403 FORBIDDEN.
 */
import { signVisitorToken } from '../../lib/access/tokens';
import { api, asFrame, connectSeller, connectSessionVisitor, sellerToken, uniqueId, type ChatSocket, type ErrorBody, type FrameWith } from '../support/chat-client';
import { initChat, say } from '../support/chat-stories';
import { chatKeys, lineKeyOfContact } from '../../lib/store/keys';

type Call = { method: string; path: string; body?: unknown };

/** Every route that takes a contact id, with a body it would accept. */
function contactRoutes(contactId: string, messageId = 'any-message'): Call[] {
  return [
    { method: 'GET', path: `/v1/contacts/${contactId}` },
    { method: 'GET', path: `/v1/contacts/${contactId}/messages` },
    { method: 'PATCH', path: `/v1/contacts/${contactId}`, body: { title: 'x' } },
    { method: 'POST', path: `/v1/contacts/${contactId}/end` },
    { method: 'POST', path: `/v1/contacts/${contactId}/transfer`, body: { toTeamId: 'team-x' } },
    { method: 'DELETE', path: `/v1/contacts/${contactId}/messages/${messageId}` },
    { method: 'DELETE', path: `/v1/contacts/${contactId}` },
  ];
}

async function statusesOf(calls: Call[], token?: string): Promise<Record<string, [number, string | undefined]>> {
  const results: Record<string, [number, string | undefined]> = {};
  for (const call of calls) {
    const response = await api<Partial<ErrorBody>>(call.path, { method: call.method, token, body: call.body });
    results[`${call.method} ${call.path}`] = [response.status, response.body?.error?.code];
  }
  return results;
}

const every = (calls: Call[], status: number, code: string) => Object.fromEntries(calls.map((call) => [`${call.method} ${call.path}`, [status, code]]));

describe('history API refusals', () => {
  let sellerId: string;
  let deviceId: string;
  let seller: ChatSocket;
  let visitor: ChatSocket;
  let chat: FrameWith<'InitChat'>;
  let messageId: string;

  beforeAll(async () => {
    sellerId = uniqueId('seller');
    seller = await connectSeller(sellerId);
    const sessionVisitor = await connectSessionVisitor();
    visitor = sessionVisitor;
    deviceId = sessionVisitor.session.visitorId;
    chat = await initChat(visitor, sellerId);
    messageId = asFrame(await say(visitor, chat.contact_id, 'private'), 'messageAck').id;
  });
  afterAll(async () => {
    await Promise.all([visitor.close(), seller.close()]);
  });

  test('no token, a forged token and an expired token are 401 UNAUTHORIZED everywhere but health', async () => {
    const calls: Call[] = [
      ...contactRoutes(chat.contact_id, messageId),
      { method: 'GET', path: '/v1/contacts' },
      { method: 'GET', path: '/v1/status' },
      { method: 'GET', path: `/v1/visitors/${deviceId}/contacts` },
    ];
    expect(await statusesOf(calls)).toEqual(every(calls, 401, 'UNAUTHORIZED'));
    expect(await statusesOf(calls, `${sellerToken(sellerId)}x`)).toEqual(every(calls, 401, 'UNAUTHORIZED'));
    expect(await statusesOf(calls, 'not-a-jwt')).toEqual(every(calls, 401, 'UNAUTHORIZED'));
    const expiredSeller = sellerToken(sellerId, { expiresInSeconds: -60 });
    expect(await statusesOf(calls, expiredSeller)).toEqual(every(calls, 401, 'UNAUTHORIZED'));
    const expiredVisitor = signVisitorToken(process.env.CHAT_TOKEN_SECRET as string, { deviceId, contactId: chat.contact_id }, -60);
    const refused = await api(`/v1/contacts/${chat.contact_id}`, { token: expiredVisitor });
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'token expired' } } });
    // a token signed with another secret
    const foreign = signVisitorToken('another-secret', { deviceId, contactId: chat.contact_id }, 60);
    expect((await api(`/v1/contacts/${chat.contact_id}`, { token: foreign })).status).toBe(401);
    expect((await api('/v1/health')).status).toBe(200);
  });

  test('another seller gets 404 NOT_FOUND on every route, the same answer as for a contact that does not exist', async () => {
    const stranger = sellerToken(uniqueId('seller'));
    const routes = contactRoutes(chat.contact_id, messageId);
    expect(await statusesOf(routes, stranger)).toEqual(every(routes, 404, 'NOT_FOUND'));
    const missing = await api<ErrorBody>('/v1/contacts/no-such-contact', { token: stranger });
    const hidden = await api<ErrorBody>(`/v1/contacts/${chat.contact_id}`, { token: stranger });
    expect(hidden.body.error).toEqual(missing.body.error);
  });

  test('another visitor gets 404 NOT_FOUND on every route it may call', async () => {
    const other = await connectSessionVisitor();
    const otherChat = await initChat(other, sellerId);
    const routes = contactRoutes(chat.contact_id, messageId).filter((call) => !['PATCH', 'POST'].includes(call.method) || call.path.endsWith('/end'));
    expect(await statusesOf(routes, otherChat.visitorToken)).toEqual(every(routes, 404, 'NOT_FOUND'));
    // and the chat is still there, untouched
    const own = await api(`/v1/contacts/${chat.contact_id}`, { token: chat.visitorToken });
    expect(own.body).toMatchObject({ status: 'assigned', lastSeq: 1 });
    await other.close();
  });

  test('a visitor token on a seller-only route, and a seller token on a visitor-only route, are 403 FORBIDDEN', async () => {
    const sellerOnly: Call[] = [
      { method: 'GET', path: '/v1/contacts' },
      { method: 'GET', path: '/v1/status' },
      { method: 'PATCH', path: `/v1/contacts/${chat.contact_id}`, body: { title: 'mine now' } },
      { method: 'POST', path: `/v1/contacts/${chat.contact_id}/transfer`, body: { toTeamId: 'team-x' } },
    ];
    expect(await statusesOf(sellerOnly, chat.visitorToken)).toEqual(every(sellerOnly, 403, 'FORBIDDEN'));
    const visitorOnly: Call[] = [{ method: 'GET', path: `/v1/visitors/${deviceId}/contacts` }];
    expect(await statusesOf(visitorOnly, sellerToken(sellerId))).toEqual(every(visitorOnly, 403, 'FORBIDDEN'));
  });

  test('a visitor token for another device is 403 FORBIDDEN on the visitor list', async () => {
    const response = await api(`/v1/visitors/${uniqueId('device')}/contacts`, { token: chat.visitorToken });
    expect(response).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
  });

  test("a visitor may not delete the seller's messages: 403 FORBIDDEN; an unknown message is 404", async () => {
    const reply = await say(seller, chat.contact_id, 'seller text');
    const path = `/v1/contacts/${chat.contact_id}/messages/${reply.id}`;
    expect(await api(path, { method: 'DELETE', token: chat.visitorToken })).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const unknown = await api(`/v1/contacts/${chat.contact_id}/messages/nope`, { method: 'DELETE', token: sellerToken(sellerId) });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  test('bad queries are 400 BAD_REQUEST: status, limit, cursor, after', async () => {
    const token = sellerToken(sellerId);
    const bad = [
      '/v1/contacts?status=archived',
      '/v1/contacts?limit=0',
      '/v1/contacts?limit=1000',
      '/v1/contacts?limit=ten',
      '/v1/contacts?cursor=garbage',
      `/v1/contacts?status=ended&cursor=${Buffer.from(JSON.stringify({ status: 'assigned' })).toString('base64url')}`,
      `/v1/contacts/${chat.contact_id}/messages?after=-1`,
    ];
    for (const path of bad) {
      expect([path, (await api<Partial<ErrorBody>>(path, { token })).body?.error?.code]).toEqual([path, 'BAD_REQUEST']);
    }
  });

  test("a cursor cannot reach another seller's chats: positions are read in the caller's own partition", async () => {
    const forged = Buffer.from(
      // a position names the item where a page resumes: here the victim's chat
      JSON.stringify({ status: 'assigned', after: { pk: chatKeys.line(lineKeyOfContact(chat.contact_id) as string).pk, at: '9999-01-01T00:00:00.000Z' } }),
    ).toString('base64url');
    const response = await api(`/v1/contacts?cursor=${forged}`, { token: sellerToken(uniqueId('seller')) });
    expect(response).toMatchObject({ status: 200, body: { contacts: [], nextCursor: null } });
  });
});
