/** Typing, read receipts, ping and resume over the socket. */
import { api, connectSeller, connectVisitor, sellerToken, uniqueId, type ChatSocket, type FrameWith } from '../support/chat-client';
import type { ContactWithMessages } from '../../lib/protocol/views';
import { contactRow, framesBefore, initChat, say } from '../support/chat-stories';

async function expectError(socket: ChatSocket, code: string): Promise<FrameWith<'error'>> {
  const frame = await socket.next('error');
  expect(frame).toMatchObject({ action: 'error', error: { code } });
  expect(frame).not.toHaveProperty('message');
  return frame;
}

describe('typing', () => {
  test('is relayed to the other side in both directions and never stored', async () => {
    const sellerId = uniqueId('seller');
    const deviceId = uniqueId('device');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(deviceId);
    const chat = await initChat(visitor, sellerId);
    visitor.send({ action: 'typing', contact_id: chat.contact_id, state: 'start' });
    const relayed = await seller.next('typing');
    expect(relayed).toEqual({ action: 'typing', contact_id: chat.contact_id, state: 'start', role: 'visitor', from: deviceId });
    // typing has no answer; an echo to its sender would be pushed by the same invocation as the
    // other side's copy, so it would reach the sender before anything the other side sends back
    seller.send({ action: 'typing', contact_id: chat.contact_id, state: 'stop' });
    const reply = await visitor.next('typing');
    expect(reply).toMatchObject({ state: 'stop', role: 'seller', from: sellerId });
    expect(framesBefore(visitor, reply, 'typing')).toEqual([]); // the visitor's start was not echoed to it
    visitor.send({ action: 'typing', contact_id: chat.contact_id, state: 'start' });
    const again = await seller.next('typing');
    expect(again).toMatchObject({ state: 'start', role: 'visitor', from: deviceId });
    expect(framesBefore(seller, again, 'typing')).toEqual([relayed]); // nor the seller's stop to the seller
    expect((await contactRow(chat.contact_id))?.lastSeq).toBe(0);
    await Promise.all([visitor.close(), seller.close()]);
  });

  test("refusals: another visitor's chat (FORBIDDEN), a bad state (BAD_REQUEST)", async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const ownerId = uniqueId('device');
    const owner = await connectVisitor(ownerId);
    const intruder = await connectVisitor(uniqueId('device'));
    const chat = await initChat(owner, sellerId);
    intruder.send({ action: 'typing', contact_id: chat.contact_id, state: 'start' });
    await expectError(intruder, 'FORBIDDEN');
    owner.send({ action: 'typing', contact_id: chat.contact_id, state: 'dancing' });
    await expectError(owner, 'BAD_REQUEST');
    owner.send({ action: 'typing', state: 'start' });
    expect((await expectError(owner, 'BAD_REQUEST')).error.message).toBe('contact_id is required');
    // each refusal is its invocation's answer, sent after anything it pushed: a typing the owner
    // sends now must be the first the seller gets
    owner.send({ action: 'typing', contact_id: chat.contact_id, state: 'start' });
    const first = await seller.next('typing');
    expect(first).toMatchObject({ state: 'start', role: 'visitor', from: ownerId });
    expect(framesBefore(seller, first, 'typing')).toEqual([]);
    await Promise.all([owner.close(), intruder.close(), seller.close()]);
  });
});

describe('read receipts', () => {
  test('are stored per side, relayed to the other side, and only move forward', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, sellerId);
    await say(visitor, chat.contact_id, 'one');
    await say(visitor, chat.contact_id, 'two');

    seller.send({ action: 'read', contact_id: chat.contact_id, upToSeq: 2 });
    expect(await visitor.next('read')).toMatchObject({ action: 'read', contact_id: chat.contact_id, role: 'seller', upToSeq: 2 });
    expect(await contactRow(chat.contact_id)).toMatchObject({ sellerReadSeq: 2 });
    await say(seller, chat.contact_id, 'three');
    visitor.send({ action: 'read', contact_id: chat.contact_id, upToSeq: 3 });
    expect(await seller.next('read')).toMatchObject({ role: 'visitor', upToSeq: 3 });
    const contact = await api<ContactWithMessages>(`/v1/contacts/${chat.contact_id}`, { token: sellerToken(sellerId) });
    expect(contact.body.read).toEqual({ visitor: 3, seller: 2 });

    // an older mark changes nothing and is not relayed. A mark has no answer, so nothing marks the end
    // of its invocation: the proof is a later mark that must be relayed, sent after a message whose
    // ack ends an invocation started after the older mark's, each doing more than it would have
    const mark = visitor.frames.length;
    seller.send({ action: 'read', contact_id: chat.contact_id, upToSeq: 1 });
    expect(await say(seller, chat.contact_id, 'four')).toMatchObject({ action: 'messageAck', seq: 4 });
    expect((await contactRow(chat.contact_id))?.sellerReadSeq).toBe(2);
    seller.send({ action: 'read', contact_id: chat.contact_id, upToSeq: 4 });
    const later = await visitor.next((f) => f.action === 'read' && f.upToSeq === 4);
    expect(framesBefore(visitor, later, 'read', mark)).toEqual([]);
    expect(later).toMatchObject({ role: 'seller', contact_id: chat.contact_id });
    expect((await contactRow(chat.contact_id))?.sellerReadSeq).toBe(4);
    await Promise.all([visitor.close(), seller.close()]);
  });

  test("refusals: past the last message (BAD_REQUEST), someone else's chat (FORBIDDEN), a negative seq", async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, sellerId);
    await say(visitor, chat.contact_id, 'only one');
    seller.send({ action: 'read', contact_id: chat.contact_id, upToSeq: 99 });
    expect((await expectError(seller, 'BAD_REQUEST')).error.message).toMatch(/past the chat's last message \(1\)/);
    const other = await connectSeller(uniqueId('seller'));
    other.send({ action: 'read', contact_id: chat.contact_id, upToSeq: 1 });
    await expectError(other, 'FORBIDDEN');
    visitor.send({ action: 'read', contact_id: chat.contact_id, upToSeq: -1 });
    await expectError(visitor, 'BAD_REQUEST');
    await Promise.all([visitor.close(), seller.close(), other.close()]);
  });
});

describe('ping', () => {
  test('answers exactly the pong that the MOCK route of the deploy answers', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    visitor.send({ action: 'ping' });
    const pong = await visitor.next('pong');
    // resources/keepalive-plugin.js: API Gateway answers this frame itself on AWS, so it carries nothing else
    expect(pong).toEqual({ action: 'pong' });
    await visitor.close();
  });
});

describe('resume', () => {
  test('after a dropped socket, every message sent meanwhile comes in order, then live ones', async () => {
    const sellerId = uniqueId('seller');
    const deviceId = uniqueId('device');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(deviceId);
    const chat = await initChat(visitor, sellerId);
    await say(visitor, chat.contact_id, 'before the drop');
    visitor.socket.terminate(); // no close handshake: a dropped connection
    await visitor.closed;

    for (const text of ['while away 1', 'while away 2', 'while away 3']) {
      await say(seller, chat.contact_id, text);
    }
    const back = await connectVisitor(deviceId);
    // the reconnect's own catch-up pushes them first; resume must replay them all the same, in order
    await back.next((f) => f.action === 'sendMessage' && f.seq === 4);
    const mark = back.frames.length;
    back.send({ action: 'resume', contact_id: chat.contact_id, afterSeq: 1 });
    const resumed = await back.next('resumed');
    expect(resumed).toMatchObject({ contact_id: chat.contact_id, afterSeq: 1, lastSeq: 4, count: 3, status: 'assigned' });
    expect(back.frames.slice(mark, back.frames.indexOf(resumed)).map((f) => [f.action, f.seq, f.message])).toEqual([
      ['sendMessage', 2, 'while away 1'],
      ['sendMessage', 3, 'while away 2'],
      ['sendMessage', 4, 'while away 3'],
    ]);

    await say(seller, chat.contact_id, 'live again');
    expect(await back.next((f) => f.action === 'sendMessage' && f.seq === 5)).toMatchObject({ message: 'live again' });
    await Promise.all([back.close(), seller.close()]);
  });

  test('a seller resumes its chat from the start; a stranger is refused with FORBIDDEN', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, sellerId);
    await say(visitor, chat.contact_id, 'a');
    await say(seller, chat.contact_id, 'b');
    const mark = seller.frames.length;
    seller.send({ action: 'resume', contact_id: chat.contact_id });
    const resumed = await seller.next('resumed');
    expect(resumed).toMatchObject({ afterSeq: 0, lastSeq: 2, count: 2 });
    const replay = seller.frames.slice(mark, seller.frames.indexOf(resumed));
    expect(replay.map((f) => [f.seq, f.role, f.message])).toEqual([
      [1, 'visitor', 'a'],
      [2, 'seller', 'b'],
    ]);
    const stranger = await connectVisitor(uniqueId('device'));
    stranger.send({ action: 'resume', contact_id: chat.contact_id, afterSeq: 0 });
    await expectError(stranger, 'FORBIDDEN');
    expect(stranger.frames.filter((f) => f.action === 'sendMessage')).toEqual([]);
    await Promise.all([visitor.close(), seller.close(), stranger.close()]);
  });
});
