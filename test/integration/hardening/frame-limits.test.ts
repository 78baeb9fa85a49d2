/**
 * Hardening item 5: typing, resume and leaveEmail are rate-limited per identity (defaults
 * RATE_LIMIT_TYPING 10/1, RATE_LIMIT_RESUME 10/0.5, RATE_LIMIT_LEAVE_EMAIL 3/0.05): past the
 * burst the sender gets RATE_LIMITED with retryAfter, the other side gets nothing more, and the
 * connection stays usable.
 */
import { asFrame, connectSeller, connectVisitor, uniqueId, type ChatSocket, type Frame } from '../../support/chat-client';
import { initChat, say } from '../../support/chat-stories';

const rateLimited = (frame: Frame) => frame.action === 'error' && asFrame(frame, 'error').error.code === 'RATE_LIMITED';

/** Sends `frame` `count` times, at once. */
function sendAll(socket: ChatSocket, count: number, frame: Record<string, unknown>): void {
  for (let i = 0; i < count; i++) socket.send(frame);
}

describe('frames that store no message are rate-limited per identity', () => {
  test('typing: 10 reach the seller, the 11th is refused with retryAfter, and a message still goes through', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const { contact_id } = await initChat(visitor, sellerId);
    await seller.next('contactAssigned');
    sendAll(visitor, 11, { action: 'typing', contact_id, state: 'start' });
    const refused = asFrame(await visitor.next(rateLimited), 'error');
    expect(refused.error.message).toMatch(/^too many typing frames; try again in \d+ s$/);
    expect(refused.error.retryAfter).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) await seller.next('typing');
    // the socket is still usable; the message, sent after all of them, finds no 11th typing frame before it
    await say(visitor, contact_id, 'after typing');
    await seller.next((f) => f.action === 'sendMessage' && f.message === 'after typing');
    expect(seller.frames.filter((f) => f.action === 'typing')).toHaveLength(10);
    await Promise.all([seller.close(), visitor.close()]);
  });

  test('resume: 10 replays, then RATE_LIMITED', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const { contact_id } = await initChat(visitor, sellerId);
    await say(visitor, contact_id, 'one');
    sendAll(visitor, 11, { action: 'resume', contact_id, afterSeq: 0 });
    const refused = asFrame(await visitor.next(rateLimited), 'error');
    expect(refused.error.message).toMatch(/^too many resume frames; try again in \d+ s$/);
    for (let i = 0; i < 10; i++) await visitor.next('resumed');
    // one more frame, answered after every replay above: still only 10 replays
    await say(visitor, contact_id, 'two');
    expect(visitor.frames.filter((f) => f.action === 'resumed')).toHaveLength(10);
    await Promise.all([seller.close(), visitor.close()]);
  });

  test('leaveEmail: 3 are saved, the 4th is refused', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    // nobody of this target is online: the chat waits and the visitor may leave an email
    const { contact_id } = await initChat(visitor, uniqueId('away-seller'));
    for (let i = 0; i < 3; i++) {
      visitor.send({ action: 'leaveEmail', contact_id, email: `me${i}@example.com` });
      expect((await visitor.next((f) => f.action === 'emailSaved' || f.action === 'error')).action).toBe('emailSaved');
    }
    visitor.send({ action: 'leaveEmail', contact_id, email: 'me3@example.com' });
    const refused = await visitor.next((f) => f.action === 'emailSaved' || f.action === 'error');
    expect(refused).toMatchObject({ action: 'error', error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^too many emails left; try again in \d+ s$/) } });
    await visitor.close();
  });
});
