/**
 * Hardening item 1: a message whose line update succeeded but whose PutItem failed. The sender's
 * resend (same clientMessageId) stores it and pushes it, live or as a pending mark for the next
 * connection, and the ack says what really happened. The fault proxy opens the window on purpose.
 */
import { connectSeller, connectVisitor, uniqueId, type ChatSocket } from '../../support/chat-client';
import { initChat, say } from '../../support/chat-stories';
import { failDynamo } from '../../support/dynamo-faults';

/** The seq of every chat message `socket` received for `contactId`, in arrival order. */
const seqsOf = (socket: ChatSocket, contactId: string) => socket.frames.filter((f) => f.action === 'sendMessage' && f.contact_id === contactId).map((f) => f.seq);

/** Fails the messages table's next PutItem, every SDK attempt of it (a 500 is retried). */
const failNextMessagePut = () => failDynamo({ operation: 'PutItem', table: 'messages', times: 5 });

async function assignedChat(): Promise<{ seller: ChatSocket; visitor: ChatSocket; contactId: string; sellerId: string }> {
  const sellerId = uniqueId('seller');
  const seller = await connectSeller(sellerId);
  const visitor = await connectVisitor(uniqueId('device'));
  const ack = await initChat(visitor, sellerId);
  expect(ack.status).toBe('assigned');
  await seller.next('contactAssigned');
  return { seller, visitor, contactId: ack.contact_id, sellerId };
}

describe('a retried message whose first attempt stored nothing', () => {
  test('the resend is stored once, pushed live to the online seller in order, and acked as delivered', async () => {
    const { seller, visitor, contactId } = await assignedChat();
    expect((await say(visitor, contactId, 'one')).seq).toBe(1);
    await seller.next((f) => f.action === 'sendMessage' && f.seq === 1);

    const failedBefore = await failDynamo();
    await failNextMessagePut();
    visitor.send({ action: 'sendMessage', contact_id: contactId, message: 'two', clientMessageId: 'c-two' });
    const refused = await visitor.next((f) => f.action === 'error');
    expect(refused.error).toEqual({ code: 'UNAVAILABLE', message: 'the service is briefly unavailable; try again in 2 s', retryAfter: 2 });
    expect(await failDynamo()).toBe(failedBefore + 5);

    visitor.send({ action: 'sendMessage', contact_id: contactId, message: 'two', clientMessageId: 'c-two' });
    const resent = await visitor.next((f) => f.action === 'messageAck' && f.clientMessageId === 'c-two');
    expect(resent).toMatchObject({ seq: 2, duplicate: true, delivered: true });
    const pushed = await seller.next((f) => f.action === 'sendMessage' && f.seq === 2);
    expect(pushed.message).toBe('two');

    expect((await say(visitor, contactId, 'three')).seq).toBe(3);
    await seller.next((f) => f.action === 'sendMessage' && f.seq === 3);
    expect(seqsOf(seller, contactId)).toEqual([1, 2, 3]);
    await Promise.all([seller.close(), visitor.close()]);
  });

  test('with the seller offline the resend is acked undelivered and reaches the seller when it connects', async () => {
    const { seller, visitor, contactId, sellerId } = await assignedChat();
    await failNextMessagePut();
    visitor.send({ action: 'sendMessage', contact_id: contactId, message: 'while away', clientMessageId: 'c-away' });
    await visitor.next((f) => f.action === 'error');
    await seller.close();

    visitor.send({ action: 'sendMessage', contact_id: contactId, message: 'while away', clientMessageId: 'c-away' });
    const resent = await visitor.next((f) => f.action === 'messageAck' && f.clientMessageId === 'c-away');
    expect(resent).toMatchObject({ seq: 1, duplicate: true, delivered: false });

    const back = await connectSeller(sellerId);
    const caughtUp = await back.next((f) => f.action === 'sendMessage' && f.contact_id === contactId);
    expect(caughtUp).toMatchObject({ seq: 1, message: 'while away' });
    await Promise.all([back.close(), visitor.close()]);
  });

  test('a resend of a message that was stored and pushed is pushed again, and the seller holds it once by its seq', async () => {
    const { seller, visitor, contactId } = await assignedChat();
    const first = await say(visitor, contactId, 'hello');
    visitor.send({ action: 'sendMessage', contact_id: contactId, message: 'hello', clientMessageId: first.clientMessageId });
    const again = await visitor.next((f) => f.action === 'messageAck' && f.clientMessageId === first.clientMessageId && f.duplicate === true);
    expect(again).toMatchObject({ seq: 1, id: first.id, delivered: true });
    // both copies name the same stored message: one id, one seq
    await seller.next((f) => f.action === 'sendMessage' && f.seq === 1);
    const copies = await seller.next((f) => f.action === 'sendMessage' && f.seq === 1);
    expect(copies.id).toBe(first.id);
    await Promise.all([seller.close(), visitor.close()]);
  });
});
