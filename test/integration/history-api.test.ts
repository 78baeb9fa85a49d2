/** The history API read side: health, status, a seller's lists, one contact, its messages, a visitor's past chats. */
import {
  api,
  connectSeller,
  connectSessionVisitor,
  connectVisitor,
  sellerToken,
  uniqueId,
  type ApiResponse,
  type ChatSocket,
  type ErrorBody,
  type FrameWith,
} from '../support/chat-client';
import { initChat, say } from '../support/chat-stories';
import type { serviceStatus } from '../../lib/routing/service-status';
import type { ContactList, ContactWithMessages, MessagePage } from '../../lib/protocol/views';
import packageJson from '../../package.json';

type StatusBody = Awaited<ReturnType<typeof serviceStatus>>;

/** Follows nextCursor until the end; returns the pages' contact ids. */
async function allPages(path: string, token: string): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response: ApiResponse<ContactList> = await api(cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path, { token });
    expect(response.status).toBe(200);
    pages.push(response.body.contacts.map((c: { contact_id: string }) => c.contact_id));
    cursor = response.body.nextCursor;
  } while (cursor && pages.length < 20);
  return pages;
}

describe('health and status', () => {
  test('GET /v1/health needs no token and makes a DynamoDB round trip', async () => {
    const response = await api<{ dynamodb: { latencyMs?: number } }>('/v1/health');
    expect(response).toMatchObject({ status: 200, body: { status: 'ok', dynamodb: { status: 'ok' } } });
    expect(typeof response.body.dynamodb.latencyMs).toBe('number');
  });

  test('GET /v1/status tells a seller the version, stage, tables, and its queues with their sellers online, away or offline', async () => {
    const teamId = uniqueId('team');
    const [sellerId, awayId, goneId] = [uniqueId('seller'), uniqueId('seller'), uniqueId('seller')];
    const seller = await connectSeller(sellerId, { teams: [teamId] });
    const away = await connectSeller(awayId, { teams: [teamId] });
    const gone = await connectSeller(goneId, { teams: [teamId] });
    await Promise.all([seller.next('connected'), away.next('connected'), gone.next('connected')]);
    away.send({ action: 'presence', status: 'away' });
    await away.next((f) => f.action === 'presence' && f.status === 'away');
    await gone.close();
    // gone's $disconnect is its own invocation: wait until the status says so
    let response = await api<StatusBody>('/v1/status', { token: sellerToken(sellerId, { teams: [teamId] }) });
    for (let i = 0; i < 50 && response.body.queues?.[1]?.sellers.offline !== 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await api<StatusBody>('/v1/status', { token: sellerToken(sellerId, { teams: [teamId] }) });
    }
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ version: packageJson.version, stage: 'test', tables: { chats: 'seller-chat-test-chats' } });
    expect(response.body.queues).toEqual([
      { target: sellerId, queued: 0, sellers: { online: 1, away: 0, offline: 0 } },
      { target: teamId, queued: 0, sellers: { online: 1, away: 1, offline: 1 } },
    ]);
    await Promise.all([seller.close(), away.close()]);
  });
});

describe('GET /v1/contacts', () => {
  test('assigned chats come newest assignment first, page by page, each exactly once, with their last activity', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId, { maxChats: 5 });
    const visitors: ChatSocket[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const visitor = await connectVisitor(uniqueId('device'));
      visitors.push(visitor);
      ids.push((await initChat(visitor, sellerId)).contact_id);
    }
    // the oldest chat gets a message: the order stays (a message never rewrites an index), its lastActivityAt moves
    await say(visitors[0] as ChatSocket, ids[0] as string, 'news');
    const pages = await allPages('/v1/contacts?status=assigned&limit=2', sellerToken(sellerId));
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([ids[4], ids[3], ids[2], ids[1], ids[0]]);
    const first = await api<ContactWithMessages>(`/v1/contacts/${ids[0]}`, { token: sellerToken(sellerId) });
    const last = await api<ContactWithMessages>(`/v1/contacts/${ids[4]}`, { token: sellerToken(sellerId) });
    expect(first.body.lastActivityAt > last.body.lastActivityAt).toBe(true);
    await Promise.all([...visitors.map((v) => v.close()), seller.close()]);
  });

  test('ended chats are listed apart; status defaults to assigned', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const open = await initChat(visitor, sellerId);
    const other = await connectVisitor(uniqueId('device'));
    const toEnd = await initChat(other, sellerId);
    expect((await api(`/v1/contacts/${toEnd.contact_id}/end`, { method: 'POST', token: sellerToken(sellerId) })).status).toBe(200);
    expect((await allPages('/v1/contacts', sellerToken(sellerId))).flat()).toEqual([open.contact_id]);
    expect((await allPages('/v1/contacts?status=ended', sellerToken(sellerId))).flat()).toEqual([toEnd.contact_id]);
    await Promise.all([visitor.close(), other.close(), seller.close()]);
  });

  test("queued chats of the seller's own queue and its teams' are merged newest first across pages", async () => {
    const teamId = uniqueId('team');
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId, { teams: [teamId], maxChats: 1 });
    await seller.next('connected');
    const visitors = await Promise.all(Array.from({ length: 5 }, () => connectVisitor(uniqueId('device'))));
    const [first, ...rest] = visitors as [ChatSocket, ...ChatSocket[]];
    expect((await initChat(first, sellerId)).status).toBe('assigned');
    const queued: string[] = [];
    for (const [index, visitor] of rest.entries()) {
      const ack = await initChat(visitor, index % 2 === 0 ? sellerId : teamId);
      expect(ack.status).toBe('queued');
      queued.push(ack.contact_id);
    }
    const pages = await allPages('/v1/contacts?status=queued&limit=3', sellerToken(sellerId, { teams: [teamId] }));
    expect(pages.flat()).toEqual([...queued].reverse());
    expect(pages[0]).toHaveLength(3);
    // a seller outside the team sees none of them
    expect((await allPages('/v1/contacts?status=queued', sellerToken(uniqueId('seller')))).flat()).toEqual([]);
    await Promise.all([...visitors.map((v) => v.close()), seller.close()]);
  });
});

describe('one contact and its messages', () => {
  test('GET /v1/contacts/{id} shows visitor, status, seller, timestamps and the latest messages', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectSessionVisitor();
    const deviceId = visitor.session.visitorId;
    const ack = await initChat(visitor, sellerId, { name: 'Ann' });
    await say(visitor, ack.contact_id, 'hello');
    await say(seller, ack.contact_id, 'hi Ann');
    const patched = await api(`/v1/contacts/${ack.contact_id}`, {
      method: 'PATCH',
      token: sellerToken(sellerId),
      body: { title: 'Stock question', tags: ['vip', 'stock'] },
    });
    expect(patched).toMatchObject({ status: 200, body: { title: 'Stock question', tags: ['vip', 'stock'] } });

    const asSeller = await api<ContactWithMessages>(`/v1/contacts/${ack.contact_id}`, { token: sellerToken(sellerId) });
    expect(asSeller.status).toBe(200);
    expect(asSeller.body).toMatchObject({
      contact_id: ack.contact_id,
      status: 'assigned',
      visitor: { userId: deviceId, userInfo: { name: 'Ann' } },
      sellerId,
      title: 'Stock question',
      tags: ['vip', 'stock'],
      lastSeq: 2,
    });
    expect(Date.parse(asSeller.body.createdAt)).toBeLessThanOrEqual(Date.parse(asSeller.body.lastActivityAt));
    expect(asSeller.body.messages.map((m: FrameWith<'sendMessage'>) => [m.seq, m.role, m.message])).toEqual([
      [1, 'visitor', 'hello'],
      [2, 'seller', 'hi Ann'],
    ]);
    // the visitor reads its own chat with its visitorToken, without the seller's notes
    const asVisitor = await api<ContactWithMessages>(`/v1/contacts/${ack.contact_id}`, { token: ack.visitorToken });
    expect(asVisitor.status).toBe(200);
    expect(asVisitor.body).not.toHaveProperty('tags');
    expect(asVisitor.body).not.toHaveProperty('title');
    expect(asVisitor.body.messages).toHaveLength(2);
    await Promise.all([visitor.close(), seller.close()]);
  });

  test('GET /v1/contacts/{id}/messages pages in order with after/limit; the visitor polls it as the REST fallback', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectSessionVisitor();
    const ack = await initChat(visitor, sellerId);
    for (const text of ['one', 'two', 'three', 'four', 'five']) await say(visitor, ack.contact_id, text);

    const seen: string[] = [];
    let after: number | null = 0;
    const token = sellerToken(sellerId);
    while (after !== null) {
      const page: ApiResponse<MessagePage> = await api(`/v1/contacts/${ack.contact_id}/messages?after=${after}&limit=2`, { token });
      expect(page.status).toBe(200);
      seen.push(...page.body.messages.map((m: FrameWith<'sendMessage'>) => `${m.seq}:${m.message}`));
      after = page.body.nextAfter;
    }
    expect(seen).toEqual(['1:one', '2:two', '3:three', '4:four', '5:five']);

    // polling: only what came after the last seq the widget has
    await say(seller, ack.contact_id, 'six from the seller');
    const poll = await api<MessagePage>(`/v1/contacts/${ack.contact_id}/messages?after=5`, { token: ack.visitorToken });
    expect(poll.body).toMatchObject({ lastSeq: 6, nextAfter: null });
    expect(poll.body.messages).toEqual([expect.objectContaining({ action: 'sendMessage', seq: 6, role: 'seller', from: sellerId, message: 'six from the seller' })]);
    await Promise.all([visitor.close(), seller.close()]);
  });

  test('PATCH /v1/contacts/{id} refuses an empty or malformed body', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const ack = await initChat(visitor, sellerId);
    const path = `/v1/contacts/${ack.contact_id}`;
    const token = sellerToken(sellerId);
    expect(await api(path, { method: 'PATCH', token, body: {} })).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    expect((await api(path, { method: 'PATCH', token, body: { tags: 'vip' } })).status).toBe(400);
    expect((await api(path, { method: 'PATCH', token, body: { owner: 'me' } })).status).toBe(400);
    expect((await api<ErrorBody>(path, { method: 'PATCH', token, rawBody: '{nope' })).body.error.message).toBe('body is not valid JSON');
    await Promise.all([visitor.close(), seller.close()]);
  });
});

describe('GET /v1/visitors/{deviceId}/contacts', () => {
  test('a returning visitor lists its past chats, newest first, page by page', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectSessionVisitor();
    const deviceId = visitor.session.visitorId;
    const first = await initChat(visitor, sellerId);
    await api(`/v1/contacts/${first.contact_id}/end`, { method: 'POST', token: first.visitorToken });
    const second = await initChat(visitor, sellerId);
    expect(second.contact_id).not.toBe(first.contact_id);

    const path = `/v1/visitors/${deviceId}/contacts?limit=1`;
    const page1 = await api<ContactList>(path, { token: second.visitorToken });
    expect(page1.status).toBe(200);
    expect(page1.body.contacts.map((c) => [c.contact_id, c.status])).toEqual([[second.contact_id, 'assigned']]);
    const page2 = await api<ContactList>(`${path}&cursor=${encodeURIComponent(String(page1.body.nextCursor))}`, { token: second.visitorToken });
    expect(page2.body.contacts.map((c) => [c.contact_id, c.status])).toEqual([[first.contact_id, 'ended']]);
    expect(page2.body.nextCursor).toBeNull();
    await Promise.all([visitor.close(), seller.close()]);
  });
});
