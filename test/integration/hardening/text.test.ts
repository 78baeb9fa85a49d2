/**
 * Hardening item 10: text as a person reads it. Messages that show nothing are refused, length is
 * counted in characters (an emoji is one), and emails are plain ASCII with no invisible or
 * direction-changing characters and no markup.
 */
import { api, asFrame, connectVisitor, uniqueId } from '../../support/chat-client';
import { initChat } from '../../support/chat-stories';

describe('message text and emails', () => {
  test('whitespace-only and zero-width-only messages are refused, over the socket and REST', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    const sellerId = uniqueId('seller');
    const { contact_id } = await initChat(visitor, sellerId);
    for (const empty of ['   ', '\n\t', '\u200B\u200C\u200D', '\u2060\uFEFF', ' \u202E ']) {
      visitor.send({ action: 'sendMessage', contact_id, message: empty, clientMessageId: uniqueId('c') });
      const refused = await visitor.next('error');
      expect({ empty, error: refused.error }).toEqual({ empty, error: { code: 'BAD_REQUEST', message: expect.stringContaining('message shows nothing') } });
    }
    const rest = await api('/sendmessage', { method: 'POST', body: { sellerId, message: '\u200B \u200B' } });
    expect(rest).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    await visitor.close();
  });

  test('length is counted in characters: 4,000 emoji pass, 4,001 are "4001 characters"', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    const { contact_id } = await initChat(visitor, uniqueId('seller'));
    visitor.send({ action: 'sendMessage', contact_id, message: '😀'.repeat(4000), clientMessageId: 'fits' });
    expect(await visitor.next('messageAck')).toMatchObject({ clientMessageId: 'fits', seq: 1 });
    visitor.send({ action: 'sendMessage', contact_id, message: '😀'.repeat(4001), clientMessageId: 'too-long' });
    expect((await visitor.next('error')).error).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: 'message is 4001 characters; the limit is 4000' });
    await visitor.close();
  });

  test('emails with bidi overrides, zero-width characters or markup are refused; a plain one is saved', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    const { contact_id } = await initChat(visitor, uniqueId('away-seller'));
    for (const email of ['ann\u202E@example.com', 'a\u200Bnn@example.com', '<script>@example.com', 'ann@exa mple.com', 'ann@localhost']) {
      visitor.send({ action: 'leaveEmail', contact_id, email });
      const refused = await visitor.next((f) => f.action === 'error' || f.action === 'emailSaved');
      expect({ email, answer: refused.action, code: refused.action === 'error' ? asFrame(refused, 'error').error.code : undefined }).toEqual({
        email,
        answer: 'error',
        code: 'BAD_REQUEST',
      });
    }
    visitor.send({ action: 'leaveEmail', contact_id, email: 'ann.o+shop@example.co.uk' });
    expect(await visitor.next((f) => f.action === 'error' || f.action === 'emailSaved')).toMatchObject({ action: 'emailSaved' });
    // the same rule for the email given at the start
    visitor.send({ action: 'InitChat', sellerId: uniqueId('seller'), userInfo: { name: 'Ann', email: 'ann\u200B@example.com' } });
    expect((await visitor.next('error')).error.message).toContain('userInfo.email must look like name@example.com');
    await visitor.close();
  });
});
