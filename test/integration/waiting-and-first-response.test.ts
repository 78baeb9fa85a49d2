/**
 * Chats nobody can answer now, and chats nobody answered in time, against the real stack. The
 * stack's rules (test/support/global-setup.ts): `quiet-team` has its own auto-reply, `closed-shop`
 * is open one minute a week, `sla-team` must answer within 2 s; the sweep runs every second.
 */
import { api, connectSeller, connectSessionVisitor, connectVisitor, sellerToken, uniqueId, type ChatSocket, type Frame, type FrameWith } from '../support/chat-client';

async function initChat(visitor: ChatSocket, sellerId: string): Promise<FrameWith<'InitChat'>> {
  visitor.send({ action: 'InitChat', sellerId, userInfo: { name: 'V' } });
  return visitor.next('InitChat');
}

async function say(socket: ChatSocket, contactId: string, message: string): Promise<Frame> {
  const clientMessageId = uniqueId('m');
  socket.send({ action: 'sendMessage', contact_id: contactId, message, clientMessageId });
  return socket.next((f) => f.clientMessageId === clientMessageId && (f.action === 'messageAck' || f.action === 'error'));
}

describe('nobody available', () => {
  test("nobody of the team online: the visitor gets the team's auto-reply and its place at once; the email it leaves reaches the seller who takes the chat", async () => {
    const first = await connectSessionVisitor();
    const second = await connectSessionVisitor();
    const firstAck = await initChat(first, 'quiet-team');
    expect(firstAck).toMatchObject({ status: 'queued', sellerId: null, queue: { reason: 'offline', position: 1, autoReply: 'The quiet team is out; leave your email.' } });
    // the seed widget shows `message` as a chat line: it stays the seed's
    expect(firstAck.message).toBe('Chat initialized successfully');
    expect((await initChat(second, 'quiet-team')).queue).toMatchObject({ reason: 'offline', position: 2 });

    first.send({ action: 'leaveEmail', contact_id: firstAck.contact_id, email: 'not an email' });
    expect(await first.next('error')).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('email must look like name@example.com') } });
    // identity comes from the connection: another visitor's chat is refused
    second.send({ action: 'leaveEmail', contact_id: firstAck.contact_id, email: 'intruder@example.com' });
    expect(await second.next('error')).toMatchObject({ error: { code: 'FORBIDDEN' } });
    first.send({ action: 'leaveEmail', contact_id: firstAck.contact_id, email: 'first@example.com' });
    expect(await first.next('emailSaved')).toEqual({ action: 'emailSaved', contact_id: firstAck.contact_id, email: 'first@example.com' });

    // the first seller back gets the oldest chat first, with the email in its userInfo
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId, { teams: ['quiet-team'], maxChats: 1 });
    expect(await seller.next('contactAssigned')).toMatchObject({ contact_id: firstAck.contact_id, visitor: { userInfo: { name: 'V', email: 'first@example.com' } } });
    expect(await first.next('contactAssigned')).toMatchObject({ sellerId });
    const history = await api(`/v1/contacts/${firstAck.contact_id}`, { token: sellerToken(sellerId, { teams: ['quiet-team'] }) });
    expect(history.body).toMatchObject({ visitor: { userInfo: { email: 'first@example.com' } } });
    await Promise.all([first.close(), second.close(), seller.close()]);
  });

  test('outside its business hours a target says closed, with the default closed reply', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    const ack = await initChat(visitor, 'closed-shop');
    expect(ack).toMatchObject({ status: 'queued', queue: { reason: 'closed', position: expect.any(Number), autoReply: expect.stringContaining('We are closed right now') } });
    await visitor.close();
  });

  test("sellers online but full: the chat waits as busy, with its place and no auto-reply; the queue's sellers see the same", async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId, { maxChats: 1 });
    await seller.next('connected');
    const taken = await connectVisitor(uniqueId('device'));
    expect((await initChat(taken, sellerId)).status).toBe('assigned');
    const waiting = await connectVisitor(uniqueId('device'));
    const ack = await initChat(waiting, sellerId);
    expect(ack.queue).toEqual({ reason: 'busy', position: 1 });
    expect(await seller.next('contactQueued')).toMatchObject({ contact_id: ack.contact_id, reason: 'new', waiting: { reason: 'busy', position: 1 } });
    await Promise.all([taken.close(), waiting.close(), seller.close()]);
  });
});

describe('first-response time', () => {
  test('an unanswered chat moves to an available teammate: the first seller is told why, the visitor sees the new seller, the new seller gets the conversation', async () => {
    const slowId = uniqueId('seller');
    const mateId = uniqueId('seller');
    const slow = await connectSeller(slowId, { teams: ['sla-team'] });
    await slow.next('connected');
    const visitor = await connectSessionVisitor();
    const ack = await initChat(visitor, 'sla-team');
    expect(ack).toMatchObject({ status: 'assigned', sellerId: slowId });
    await say(visitor, ack.contact_id, 'anyone there?');
    const mate = await connectSeller(mateId, { teams: ['sla-team'] });
    await mate.next('connected');

    // 2 s of first-response time and a sweep every second
    const moved = { action: 'contactTransferred', contact_id: ack.contact_id, fromSellerId: slowId, sellerId: mateId, reason: 'first-response', status: 'assigned' };
    expect(await slow.next('contactTransferred')).toMatchObject(moved);
    expect(await visitor.next('contactTransferred')).toMatchObject(moved);
    expect(await visitor.next('contactAssigned')).toMatchObject({ contact_id: ack.contact_id, sellerId: mateId });
    expect(await mate.next('contactAssigned')).toMatchObject({ contact_id: ack.contact_id });
    expect(await mate.next('sendMessage')).toMatchObject({ contact_id: ack.contact_id, message: 'anyone there?' });
    expect(await say(slow, ack.contact_id, 'sorry, here now')).toMatchObject({ action: 'error', error: { code: 'FORBIDDEN' } });

    // the new seller answers in time: the chat stays
    expect(await say(mate, ack.contact_id, 'hello, how can I help?')).toMatchObject({ action: 'messageAck' });
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const contact = await api(`/v1/contacts/${ack.contact_id}`, { token: sellerToken(mateId, { teams: ['sla-team'] }) });
    expect(contact.body).toMatchObject({ status: 'assigned', sellerId: mateId });
    await Promise.all([visitor.close(), slow.close(), mate.close()]);
  });
});

/** Two sellers online and a visitor's chat with the first: the start of every transfer. */
async function chatWithTwoSellers() {
  const fromId = uniqueId('seller');
  const toId = uniqueId('seller');
  const from = await connectSeller(fromId);
  const to = await connectSeller(toId);
  await Promise.all([from.next('connected'), to.next('connected')]);
  const visitor = await connectSessionVisitor();
  const ack = await initChat(visitor, fromId);
  return { fromId, toId, from, to, visitor, ack };
}

describe('transfer with a note', () => {
  test('the note reaches the sellers, never the visitor', async () => {
    const { fromId, toId, from, to, visitor, ack } = await chatWithTwoSellers();
    const response = await api(`/v1/contacts/${ack.contact_id}/transfer`, {
      method: 'POST',
      token: sellerToken(fromId),
      body: { toSellerId: toId, note: 'wants a refund for order 12' },
    });
    expect(response.status).toBe(200);
    expect(await to.next('contactTransferred')).toMatchObject({ reason: 'transfer', note: 'wants a refund for order 12' });
    expect(await from.next('contactTransferred')).toMatchObject({ note: 'wants a refund for order 12' });
    const toVisitor = await visitor.next('contactTransferred');
    expect(toVisitor).toMatchObject({ reason: 'transfer', sellerId: toId });
    expect(toVisitor).not.toHaveProperty('note');
    const tooLong = await api(`/v1/contacts/${ack.contact_id}/transfer`, { method: 'POST', token: sellerToken(toId), body: { toSellerId: fromId, note: 'x'.repeat(501) } });
    expect(tooLong.status).toBe(400);
    await Promise.all([visitor.close(), from.close(), to.close()]);
  });
});

describe('a transfer carries the conversation, and unread counts count the other side only', () => {
  test('the new seller gets every message so far; lastSeqBy and read marks give each side its exact unread count', async () => {
    const { fromId, toId, from, to, visitor, ack } = await chatWithTwoSellers();
    await say(visitor, ack.contact_id, 'first question');
    await say(from, ack.contact_id, 'an answer');
    await say(visitor, ack.contact_id, 'second question');
    await say(visitor, ack.contact_id, 'third question');

    const before = await api(`/v1/contacts/${ack.contact_id}`, { token: sellerToken(fromId) });
    // 4 messages: the seller's unread count is the visitor's 3, not the chat's 4
    expect(before.body).toMatchObject({ lastSeq: 4, lastSeqBy: { visitor: 4, seller: 2 }, read: { seller: 0 } });
    from.send({ action: 'read', contact_id: ack.contact_id, upToSeq: 2 });
    await visitor.next((f) => f.action === 'read' && f.role === 'seller');
    const read = await api(`/v1/contacts/${ack.contact_id}`, { token: sellerToken(fromId) });
    // read up to 2: unread = lastSeqBy.visitor (4) - read.seller (2), the two later visitor messages
    expect(read.body).toMatchObject({ lastSeqBy: { visitor: 4, seller: 2 }, read: { seller: 2 } });

    expect((await api(`/v1/contacts/${ack.contact_id}/transfer`, { method: 'POST', token: sellerToken(fromId), body: { toSellerId: toId } })).status).toBe(200);
    await to.next('contactAssigned');
    const backlog = [await to.next('sendMessage'), await to.next('sendMessage'), await to.next('sendMessage'), await to.next('sendMessage')];
    expect(backlog.map((m) => [m.seq, m.role, m.message])).toEqual([
      [1, 'visitor', 'first question'],
      [2, 'seller', 'an answer'],
      [3, 'visitor', 'second question'],
      [4, 'visitor', 'third question'],
    ]);
    expect(await visitor.next('contactAssigned')).toMatchObject({ sellerId: toId });
    await Promise.all([visitor.close(), from.close(), to.close()]);
  });
});
