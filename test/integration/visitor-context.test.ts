/**
 * Visitor context: the page the visitor is on, its referrer, language and time zone, reported with
 * InitChat and by the `visitorContext` frame. Stored cut to size, told to the chat's seller, shown
 * in the seller's views of the chat with the visitor's earlier chats with the same target, never
 * shown to the visitor; the frame is rate-limited per visitor and refused to anyone but the chat's visitor.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { routingKeys } from '../../lib/store/keys';
import type { ContactList, ContactWithMessages } from '../../lib/protocol/views';
import { api, asFrame, connectSeller, connectSessionVisitor, connectVisitor, dynamo, sellerToken, tableName, uniqueId, type Frame } from '../support/chat-client';
import { framesBefore, initChat, say } from '../support/chat-stories';

const LONG_URL = `https://shop.example/products/trail-29?colour=blue&ref=${'x'.repeat(3000)}#reviews`;

const errorOf = (frame: Frame) => asFrame(frame, 'error').error;

describe('visitor context', () => {
  test("InitChat's context is cut, stored on the visitor's open chat, pushed to the seller and shown to sellers only", async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectSessionVisitor();
    visitor.send({
      action: 'InitChat',
      sellerId,
      userInfo: { name: 'Ada' },
      context: { url: LONG_URL, title: `Trail 29 ${'t'.repeat(400)}`, referrer: 'https://search.example/?q=trail', language: 'nb-NO', timeZone: 'Europe/Oslo' },
    });
    const ack = asFrame(await visitor.next('InitChat'), 'InitChat');
    const pushed = asFrame(await seller.next('visitorContext'), 'visitorContext');
    expect(pushed.contact_id).toBe(ack.contact_id);
    const { url, title, ...rest } = pushed.context;
    // the fragment goes, then the URL is cut to 500 characters and the title to 200
    expect(url).toBe(LONG_URL.split('#')[0]!.slice(0, 500));
    expect(title).toHaveLength(200);
    expect(rest).toEqual({ referrer: 'https://search.example/?q=trail', language: 'nb-NO', timeZone: 'Europe/Oslo', at: expect.any(String) });

    // stored with the visitor's open chat, where the seller's views read the userInfo too
    const item = await dynamo().send(new GetCommand({ TableName: tableName('routing'), Key: routingKeys.visitor(visitor.session.visitorId), ConsistentRead: true }));
    expect(item.Item?.chats?.[ack.contact_id]?.context).toEqual(pushed.context);

    const forSeller = await api<ContactWithMessages>(`/v1/contacts/${ack.contact_id}`, { token: sellerToken(sellerId) });
    expect(forSeller.body.visitorContext).toEqual(pushed.context);
    const list = await api<ContactList>('/v1/contacts?status=assigned', { token: sellerToken(sellerId) });
    expect(list.body.contacts.find((contact) => contact.contact_id === ack.contact_id)?.visitorContext).toEqual(pushed.context);

    // the visitor: no field in its own view of the chat, and no frame (a message it sends later is the marker)
    const forVisitor = await api<ContactWithMessages>(`/v1/contacts/${ack.contact_id}`, { token: ack.visitorToken });
    expect(forVisitor.status).toBe(200);
    expect(forVisitor.body).not.toHaveProperty('visitorContext');
    expect(forVisitor.body).not.toHaveProperty('earlierChats');
    const marker = await say(visitor, ack.contact_id, 'hello');
    expect(framesBefore(visitor, marker, 'visitorContext')).toEqual([]);
    await Promise.all([seller.close(), visitor.close()]);
  });

  test('a page change: the frame replaces the context and reaches the seller; a queued chat keeps it for the seller who opens it', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    // the seed's InitChat, without context, still starts the chat
    const { contact_id } = await initChat(visitor, sellerId);
    await seller.next('contactAssigned');
    visitor.send({ action: 'visitorContext', contact_id, context: { url: 'https://shop.example/cart', title: 'Your cart' } });
    const pushed = asFrame(await seller.next('visitorContext'), 'visitorContext');
    expect(pushed.context).toMatchObject({ url: 'https://shop.example/cart', title: 'Your cart' });
    const view = await api<ContactWithMessages>(`/v1/contacts/${contact_id}`, { token: sellerToken(sellerId) });
    expect(view.body.visitorContext).toEqual(pushed.context);

    // nobody online for this target: the chat waits, and the context waits with it
    const queuedTarget = uniqueId('team');
    const waiting = await initChat(visitor, queuedTarget);
    expect(waiting.status).toBe('queued');
    visitor.send({ action: 'visitorContext', contact_id: waiting.contact_id, context: { url: 'https://shop.example/returns' } });
    const member = sellerToken(uniqueId('seller'), { teams: [queuedTarget] });
    let seen: ContactWithMessages | undefined;
    for (let attempt = 0; attempt < 50 && !seen?.visitorContext; attempt++) {
      seen = (await api<ContactWithMessages>(`/v1/contacts/${waiting.contact_id}`, { token: member })).body;
      if (!seen.visitorContext) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen?.visitorContext).toMatchObject({ url: 'https://shop.example/returns' });
    await Promise.all([seller.close(), visitor.close()]);
  });

  test('the frame is rate-limited per visitor: 5 at once pass, the 6th is RATE_LIMITED and the seller got 5', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const { contact_id } = await initChat(visitor, sellerId);
    await seller.next('contactAssigned');
    for (let i = 0; i < 6; i++) visitor.send({ action: 'visitorContext', contact_id, context: { url: `https://shop.example/p/${i}` } });
    const refused = errorOf(await visitor.next((f) => f.action === 'error'));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^too many page reports; try again in \d+ s$/) });
    expect(refused.retryAfter).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) await seller.next('visitorContext');
    // a message sent after all six arrives after every context frame the seller will get
    await say(visitor, contact_id, 'after the pages');
    await seller.next((f) => f.action === 'sendMessage' && f.message === 'after the pages');
    expect(seller.frames.filter((f) => f.action === 'visitorContext')).toHaveLength(5);
    await Promise.all([seller.close(), visitor.close()]);
  });

  test("refused: from a seller, into another visitor's chat, an ended chat, and bad fields, each named", async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const other = await connectVisitor(uniqueId('device'));
    const { contact_id } = await initChat(visitor, sellerId);
    await seller.next('contactAssigned');
    const refusal = async (socket: typeof visitor, frame: Record<string, unknown>) => {
      socket.send(frame);
      return errorOf(await socket.next((f) => f.action === 'error'));
    };
    const context = { url: 'https://shop.example/' };
    expect(await refusal(seller, { action: 'visitorContext', contact_id, context })).toMatchObject({ code: 'FORBIDDEN', message: 'only a visitor reports the page it is on' });
    expect(await refusal(other, { action: 'visitorContext', contact_id, context })).toMatchObject({ code: 'FORBIDDEN', message: 'this chat is not yours' });
    expect(await refusal(visitor, { action: 'visitorContext', contact_id, context: { url: 'javascript:alert(1)' } })).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('context.url must be an http or https URL'),
    });
    expect(await refusal(visitor, { action: 'visitorContext', contact_id, context: { timeZone: 'not a zone!' } })).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('context.timeZone must be an IANA time zone'),
    });
    expect(await refusal(visitor, { action: 'visitorContext', contact_id, context: { url: `https://shop.example/${'x'.repeat(5000)}` } })).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('context.url'),
    });
    // only the fields listed: no cookies, no storage, no history
    expect(await refusal(visitor, { action: 'visitorContext', contact_id, context: { cookies: 'a=b' } })).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('cookies'),
    });
    expect(await api(`/v1/contacts/${contact_id}/end`, { method: 'POST', token: sellerToken(sellerId) })).toMatchObject({ status: 200 });
    expect(await refusal(visitor, { action: 'visitorContext', contact_id, context })).toMatchObject({ code: 'FORBIDDEN', message: 'this chat has ended' });
    // the seller never got a context frame from any of these
    expect(seller.frames.filter((f) => f.action === 'visitorContext')).toEqual([]);
    await Promise.all([seller.close(), visitor.close(), other.close()]);
  });

  test("the seller's view lists the visitor's earlier chats with the same target (by the byVisitor index), not those with others", async () => {
    const sellerId = uniqueId('seller');
    const otherTarget = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const first = await initChat(visitor, sellerId);
    await api(`/v1/contacts/${first.contact_id}/end`, { method: 'POST', token: sellerToken(sellerId) });
    const elsewhere = await initChat(visitor, otherTarget);
    const second = await initChat(visitor, sellerId);
    expect(second.contact_id).not.toBe(first.contact_id);
    const view = await api<ContactWithMessages>(`/v1/contacts/${second.contact_id}`, { token: sellerToken(sellerId) });
    expect(view.body.earlierChats).toEqual([{ contact_id: first.contact_id, status: 'ended', createdAt: expect.any(String) }]);
    expect(JSON.stringify(view.body.earlierChats)).not.toContain(elsewhere.contact_id);
    // from the first chat, the other chat on the line shows the same way
    const firstView = await api<ContactWithMessages>(`/v1/contacts/${first.contact_id}`, { token: sellerToken(sellerId) });
    expect(firstView.body.earlierChats).toEqual([{ contact_id: second.contact_id, status: 'assigned', createdAt: expect.any(String) }]);
    await Promise.all([seller.close(), visitor.close()]);
  });
});
