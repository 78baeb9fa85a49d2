/** The widget's reducer, fed the server's own frames (lib/protocol/outbound builds them): state and effects, no DOM. */
import { ChatError, rateLimited } from '../../lib/platform/errors';
import { frames } from '../../lib/protocol/outbound';
import type { ContactView } from '../../lib/protocol/views';
import { reduce } from '../../web/widget/chat-reducer';
import { handoffNotice, initialState, mayAskForHuman, shownMessages, type SavedChat, type WidgetState } from '../../web/widget/chat-state';
import type { WidgetEffect, WidgetEvent } from '../../web/widget/events';

const SELLER = 'seller-1';
const DEVICE = 'web-device';
const CONTACT = 'contact-1';
const T0 = Date.parse('2026-01-05T10:00:00Z');

/** Feeds `events` in order, all at time `now`; the state after the last and the effects of all of them. */
function run(state: WidgetState, events: WidgetEvent[], now = T0): { state: WidgetState; effects: WidgetEffect[] } {
  const effects: WidgetEffect[] = [];
  for (const event of events) {
    const next = reduce(state, event, now);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}

/** A page load with a chat in progress and the socket up. */
function liveChat(saved: SavedChat = { contactId: CONTACT, visitorToken: 'token-1', profile: { name: 'Ada', email: '' } }): WidgetState {
  return run(initialState(SELLER, saved), [{ type: 'started' }, { type: 'socketUp' }]).state;
}

const sellerSays = (seq: number, text: string) =>
  frames.chatMessage({ id: `m${seq}`, contactId: CONTACT, seq, from: SELLER, to: DEVICE, role: 'seller', text, createdAt: new Date(T0).toISOString() });

/** The contact as the history API shows it; the widget reads its status and read marks (the cast spares the other fields). */
const contactView = (fields: Partial<ContactView>) =>
  ({
    contact_id: CONTACT,
    status: 'assigned',
    visitor: { userId: DEVICE, userInfo: {} },
    sellerId: SELLER,
    target: SELLER,
    lastSeq: 0,
    read: { visitor: 0, seller: 0 },
    ...fields,
  }) as ContactView;

const sent = (effects: WidgetEffect[]) => effects.flatMap((effect) => (effect.kind === 'send' ? [effect.frame] : []));
const ofKind = <K extends WidgetEffect['kind']>(effects: WidgetEffect[], kind: K) => effects.filter((effect): effect is Extract<WidgetEffect, { kind: K }> => effect.kind === kind);

describe('widget reducer: starting a chat', () => {
  test('the form sends InitChat and saves the profile; the ack opens the chat, saves its token and reads its history', () => {
    const fresh = initialState(SELLER, {});
    expect(fresh.stage).toBe('intro');
    const started = run(fresh, [{ type: 'socketUp' }, { type: 'chatStarted', profile: { name: 'Ada', email: 'ada@example.com' } }]);
    expect(started.state.stage).toBe('chat');
    expect(sent(started.effects)).toEqual([{ action: 'InitChat', sellerId: SELLER, userInfo: { name: 'Ada', email: 'ada@example.com' } }]);
    expect(ofKind(started.effects, 'save')).toEqual([
      { kind: 'save', chat: { contactId: undefined, visitorToken: undefined, profile: { name: 'Ada', email: 'ada@example.com' } } },
    ]);

    const ack = frames.initChatAck({ contactId: CONTACT, status: 'queued', sellerId: null, visitorToken: 'token-1' });
    const opened = run(started.state, [{ type: 'frame', frame: ack }]);
    expect(opened.state).toMatchObject({ contactId: CONTACT, visitorToken: 'token-1', status: 'queued', stage: 'chat' });
    expect(ofKind(opened.effects, 'save')[0]?.chat).toMatchObject({ contactId: CONTACT, visitorToken: 'token-1' });
    expect(ofKind(opened.effects, 'sync')).toEqual([{ kind: 'sync', contactId: CONTACT, token: 'token-1', afterSeq: 0 }]);
  });

  test('a refused InitChat goes back to the form with the server’s reason', () => {
    const started = run(initialState(SELLER, {}), [{ type: 'socketUp' }, { type: 'chatStarted', profile: { name: 'Dee', email: '' } }]);
    const refusal = frames.error(new ChatError('FORBIDDEN', 'this widget may not be used from http://127.0.0.1'), 'r1');
    const { state } = run(started.state, [{ type: 'frame', frame: refusal }]);
    expect(state.stage).toBe('intro');
    expect(state.notice).toBe('this widget may not be used from http://127.0.0.1');
  });

  test('a page with a saved chat connects and reads what it missed at once; a fresh one waits for the panel', () => {
    const saved = run(initialState(SELLER, { contactId: CONTACT, visitorToken: 'token-1' }), [{ type: 'started' }]);
    expect(saved.state.stage).toBe('chat');
    expect(saved.effects.map((effect) => effect.kind)).toEqual(['connect', 'sync']);
    const fresh = run(initialState(SELLER, {}), [{ type: 'started' }]);
    expect(fresh.effects).toEqual([]);
    expect(run(fresh.state, [{ type: 'panelToggled', open: true }]).effects).toEqual([{ kind: 'connect' }]);
  });
});

describe('widget reducer: sending', () => {
  test('over the live socket: sent at once with its clientMessageId, then delivered on the ack with the stored time', () => {
    const written = run(liveChat(), [{ type: 'messageWritten', text: 'hello', clientMessageId: 'w-1' }]);
    expect(sent(written.effects)).toEqual([{ action: 'sendMessage', type: 'message', to: SELLER, contact_id: CONTACT, message: 'hello', clientMessageId: 'w-1' }]);
    expect(shownMessages(written.state)).toMatchObject([{ key: 'w-1', own: true, text: 'hello', state: 'sending' }]);

    const ack = frames.messageAck({ id: 'm1', contactId: CONTACT, seq: 1, clientMessageId: 'w-1', delivered: true, duplicate: false, timestamp: '2026-01-05T10:00:01Z' });
    const { state } = run(written.state, [{ type: 'frame', frame: ack }]);
    expect(shownMessages(state)).toMatchObject([{ key: 'w-1', seq: 1, state: 'delivered', timestamp: '2026-01-05T10:00:01Z' }]);
    expect(state.syncedSeq).toBe(1);
  });

  test('an unacked message goes again after 8 s, not before', () => {
    const written = run(liveChat(), [{ type: 'messageWritten', text: 'hello', clientMessageId: 'w-1' }]).state;
    expect(sent(run(written, [{ type: 'outboxDue' }], T0 + 8000).effects)).toEqual([]);
    expect(sent(run(written, [{ type: 'outboxDue' }], T0 + 8001).effects)).toMatchObject([{ action: 'sendMessage', clientMessageId: 'w-1' }]);
  });

  test('without a socket: one REST send at a time, and a 5xx keeps the message for a retry 3 s later', () => {
    const down = run(liveChat(), [{ type: 'socketDown' }]);
    expect(down.state.link).toBe('fallback');
    expect(down.effects).toContainEqual({ kind: 'startTimer', timer: 'poll' });

    const written = run(down.state, [
      { type: 'messageWritten', text: 'one', clientMessageId: 'w-1' },
      { type: 'messageWritten', text: 'two', clientMessageId: 'w-2' },
    ]);
    expect(ofKind(written.effects, 'restSend')).toEqual([
      {
        kind: 'restSend',
        clientMessageId: 'w-1',
        token: 'token-1',
        body: { sellerId: SELLER, message: 'one', clientMessageId: 'w-1', contact_id: CONTACT },
      },
    ]);

    const failed = run(written.state, [{ type: 'restFailed', clientMessageId: 'w-1', refusal: { status: 503, message: 'unavailable' } }]);
    // the next one goes while the first waits for its retry
    expect(ofKind(failed.effects, 'restSend').map((effect) => effect.clientMessageId)).toEqual(['w-2']);
    expect(failed.state.outbox.get('w-1')).toMatchObject({ state: 'sending', retryAt: T0 + 3000 });
  });

  test('a REST answer marks the message and keeps the link on HTTP; the network failing says offline', () => {
    const written = run(liveChat(), [{ type: 'socketDown' }, { type: 'messageWritten', text: 'one', clientMessageId: 'w-1' }]).state;
    const answer = {
      id: 'm1',
      contact_id: CONTACT,
      seq: 1,
      visitorToken: 'token-1',
      delivered: false,
      duplicate: false,
      clientMessageId: 'w-1',
      status: 'assigned' as const,
      sellerId: SELLER,
    };
    const { state } = run(written, [{ type: 'restSent', clientMessageId: 'w-1', answer }]);
    expect(state.outbox.get('w-1')).toMatchObject({ seq: 1, state: 'sent' });
    expect(state.link).toBe('fallback');
    expect(run(written, [{ type: 'restFailed', clientMessageId: 'w-1', refusal: null }]).state.link).toBe('offline');
  });

  test('a 4xx is final: the message is marked not sent, with the reason', () => {
    const written = run(liveChat(), [{ type: 'socketDown' }, { type: 'messageWritten', text: 'one', clientMessageId: 'w-1' }]).state;
    const { state } = run(written, [{ type: 'restFailed', clientMessageId: 'w-1', refusal: { status: 400, message: 'message is too long' } }]);
    expect(shownMessages(state)).toMatchObject([{ key: 'w-1', state: 'failed', error: 'message is too long' }]);
  });

  test('a rate-limited socket send waits for retryAfter, then goes again', () => {
    const written = run(liveChat(), [{ type: 'messageWritten', text: 'hello', clientMessageId: 'w-1' }]).state;
    const limited = run(written, [{ type: 'frame', frame: frames.error(rateLimited('slow down', 5), 'r1', 'w-1') }]).state;
    expect(limited.outbox.get('w-1')).toMatchObject({ state: 'sending', retryAt: T0 + 5000 });
    expect(sent(run(limited, [{ type: 'outboxDue' }], T0 + 4999).effects)).toEqual([]);
    expect(sent(run(limited, [{ type: 'outboxDue' }], T0 + 5000).effects)).toHaveLength(1);
  });

  test('the socket coming back resumes after what we hold and resends what was never acked', () => {
    const down = run(liveChat(), [{ type: 'frame', frame: sellerSays(1, 'hi') }, { type: 'socketDown' }]).state;
    const pending = run(down, [{ type: 'messageWritten', text: 'hello', clientMessageId: 'w-1' }]).state;
    const up = run(pending, [{ type: 'socketUp' }]);
    expect(up.state.link).toBe('live');
    expect(up.effects).toContainEqual({ kind: 'stopTimer', timer: 'poll' });
    expect(sent(up.effects)).toEqual([
      { action: 'resume', contact_id: CONTACT, afterSeq: 1 },
      { action: 'sendMessage', type: 'message', to: SELLER, contact_id: CONTACT, message: 'hello', clientMessageId: 'w-1' },
    ]);
  });
});

describe('widget reducer: receiving', () => {
  test('a seller message with the panel open asks for a read receipt; with it closed it counts as unseen', () => {
    const open = run(liveChat(), [
      { type: 'panelToggled', open: true },
      { type: 'frame', frame: sellerSays(1, 'hi') },
    ]);
    expect(ofKind(open.effects, 'readReceipt')).toEqual([{ kind: 'readReceipt', contactId: CONTACT, upToSeq: 1 }]);
    expect(run(open.state, [{ type: 'readSent', upToSeq: 1 }]).state.readSent).toBe(1);

    const closed = run(liveChat(), [
      { type: 'frame', frame: sellerSays(1, 'hi') },
      { type: 'frame', frame: sellerSays(2, 'there?') },
    ]);
    expect(closed.state.unseen).toBe(2);
    expect(ofKind(closed.effects, 'readReceipt')).toEqual([]);
    // the same message again (a resume after a poll) is not new
    expect(run(closed.state, [{ type: 'frame', frame: sellerSays(2, 'there?') }]).state.unseen).toBe(2);
  });

  test('typing shows until the seller’s message arrives, and a timer takes away a lost stop', () => {
    const typing = run(liveChat(), [{ type: 'frame', frame: frames.typing({ contactId: CONTACT, state: 'start', role: 'seller', from: SELLER }) }]);
    expect(typing.state.sellerTyping).toBe(true);
    expect(typing.effects).toContainEqual({ kind: 'startTimer', timer: 'sellerTyping' });
    expect(run(typing.state, [{ type: 'frame', frame: sellerSays(1, 'hi') }]).state.sellerTyping).toBe(false);
    expect(run(typing.state, [{ type: 'sellerTypingExpired' }]).state.sellerTyping).toBe(false);
  });

  test('messages show by seq with ours on their way last; the seller’s read mark turns ours to read', () => {
    const acked = frames.messageAck({ id: 'm2', contactId: CONTACT, seq: 2, clientMessageId: 'w-1', delivered: true, duplicate: false, timestamp: 't2' });
    const { state } = run(liveChat(), [
      { type: 'messageWritten', text: 'mine', clientMessageId: 'w-1' },
      { type: 'messageWritten', text: 'on its way', clientMessageId: 'w-2' },
      { type: 'frame', frame: acked },
      { type: 'frame', frame: sellerSays(1, 'first') },
      { type: 'frame', frame: frames.read({ contactId: CONTACT, role: 'seller', upToSeq: 2, readAt: 't3' }) },
    ]);
    expect(shownMessages(state).map((message) => [message.text, message.state])).toEqual([
      ['first', undefined],
      ['mine', 'read'],
      ['on its way', 'sending'],
    ]);
  });

  test('an ack of our seq 6 says nothing about seq 5: polls start below the gap', () => {
    const acked = frames.messageAck({ id: 'm6', contactId: CONTACT, seq: 6, clientMessageId: 'w-1', delivered: true, duplicate: false, timestamp: 't' });
    const withGap = run(liveChat(), [
      ...[1, 2, 3, 4].map((seq): WidgetEvent => ({ type: 'frame', frame: sellerSays(seq, `line ${seq}`) })),
      { type: 'messageWritten', text: 'six', clientMessageId: 'w-1' },
      { type: 'frame', frame: acked },
    ]).state;
    expect(withGap.syncedSeq).toBe(4);
    expect(run(withGap, [{ type: 'pollDue' }]).effects).toEqual([{ kind: 'sync', contactId: CONTACT, token: 'token-1', afterSeq: 0 }]);
    // seq 5 fills the gap: everything up to our 6 is held
    expect(run(withGap, [{ type: 'frame', frame: sellerSays(5, 'five') }]).state.syncedSeq).toBe(6);
  });

  test('a history page adds what was missing once, and the contact brings the read mark and the status', () => {
    const page = { messages: [sellerSays(1, 'a'), sellerSays(2, 'b')], lastSeq: 2, nextAfter: null };
    const contact = contactView({ status: 'ended', lastSeq: 2, read: { visitor: 2, seller: 1 } });
    const { state } = run(liveChat(), [
      { type: 'historyPage', page },
      { type: 'historyPage', page },
      { type: 'contactRead', contact },
    ]);
    expect(shownMessages(state).map((message) => message.text)).toEqual(['a', 'b']);
    expect(state).toMatchObject({ syncedSeq: 2, sellerReadSeq: 1, stage: 'ended', notice: 'This chat has ended.' });
  });

  test('a history read refused with 404 starts over: back to the form, nothing saved but the profile', () => {
    const { state, effects } = run(liveChat(), [{ type: 'syncFailed', refusal: { status: 404, message: 'no such contact' } }]);
    expect(state).toMatchObject({ stage: 'intro', contactId: undefined, visitorToken: undefined });
    expect(ofKind(effects, 'save')).toEqual([{ kind: 'save', chat: { contactId: undefined, visitorToken: undefined, profile: { name: 'Ada', email: '' } } }]);
  });
});

describe('widget reducer: the chat’s life', () => {
  test('queued, then a seller joins, then the chat ends: what is still sending fails', () => {
    const queued = run(liveChat(), [{ type: 'frame', frame: frames.contactQueued({ contactId: CONTACT, queueKey: SELLER, fromSellerId: null, reason: 'new' }) }]).state;
    expect(queued.status).toBe('queued');
    const joined = run(queued, [{ type: 'frame', frame: frames.contactAssignedToVisitor({ contactId: CONTACT, sellerId: SELLER }) }]).state;
    expect(joined).toMatchObject({ status: 'assigned', notice: 'A seller has joined the chat.' });

    const writing = run(joined, [{ type: 'messageWritten', text: 'bye', clientMessageId: 'w-1' }]).state;
    const ended = run(writing, [{ type: 'frame', frame: frames.contactEnded({ contactId: CONTACT, endedBy: 'seller', endedAt: 't' }) }]).state;
    expect(ended).toMatchObject({ stage: 'ended', status: 'ended', notice: 'This chat has ended.' });
    expect(ended.outbox.get('w-1')).toMatchObject({ state: 'failed', error: 'not sent: the chat has ended' });
    // nothing more goes out of an ended chat
    expect(run(ended, [{ type: 'outboxDue' }], T0 + 60_000).effects).toEqual([]);
  });

  test("a chat nobody can answer now: the ack's reason, place and auto-reply, the email left, all kept for a reload; a seller joining forgets them", () => {
    const started = run(initialState(SELLER, {}), [{ type: 'socketUp' }, { type: 'chatStarted', profile: { name: 'Ada', email: 'ada@example.com' } }]).state;
    const queue = { reason: 'offline' as const, position: 2, autoReply: 'Nobody is here.' };
    const opened = run(started, [{ type: 'frame', frame: frames.initChatAck({ contactId: CONTACT, status: 'queued', sellerId: null, visitorToken: 'token-1', queue }) }]);
    expect(opened.state.waiting).toEqual(queue);
    expect(ofKind(opened.effects, 'save')[0]?.chat).toMatchObject({ contactId: CONTACT, waiting: queue });

    const asked = run(opened.state, [{ type: 'emailGiven', email: 'ada@example.com' }]);
    expect(sent(asked.effects)).toEqual([{ action: 'leaveEmail', contact_id: CONTACT, email: 'ada@example.com' }]);
    const saved = run(asked.state, [{ type: 'frame', frame: frames.emailSaved({ contactId: CONTACT, email: 'ada@example.com' }) }]);
    expect(saved.state.emailLeft).toBe('ada@example.com');
    const remembered = ofKind(saved.effects, 'save')[0]?.chat as SavedChat;
    expect(remembered).toMatchObject({ waiting: queue, emailLeft: 'ada@example.com' });

    // a reload starts from what was saved
    const reloaded = initialState(SELLER, remembered);
    expect(reloaded).toMatchObject({ waiting: queue, emailLeft: 'ada@example.com' });
    const joined = run(reloaded, [{ type: 'frame', frame: frames.contactAssignedToVisitor({ contactId: CONTACT, sellerId: SELLER }) }]);
    expect(joined.state.waiting).toBeUndefined();
    expect(ofKind(joined.effects, 'save')[0]?.chat.waiting).toBeUndefined();
  });

  test('frames about another chat change nothing', () => {
    const before = liveChat();
    const other = 'contact-2';
    const { state } = run(before, [
      { type: 'frame', frame: frames.contactEnded({ contactId: other, endedBy: 'seller', endedAt: 't' }) },
      { type: 'frame', frame: frames.sellerPresence({ contactId: other, sellerId: SELLER, status: 'away' }) },
      { type: 'frame', frame: frames.chatMessage({ id: 'x1', contactId: other, seq: 1, from: SELLER, to: DEVICE, role: 'seller', text: 'hi', createdAt: 't' }) },
    ]);
    expect(state).toEqual(before);
  });

  test('the seller going away shows, and a deleted message loses its text', () => {
    const { state } = run(liveChat(), [
      { type: 'frame', frame: sellerSays(1, 'secret') },
      { type: 'frame', frame: frames.sellerPresence({ contactId: CONTACT, sellerId: SELLER, status: 'away' }) },
      { type: 'frame', frame: frames.messageDeleted({ contactId: CONTACT, id: 'm1', seq: 1, deletedBy: 'seller', deletedAt: 't' }) },
    ]);
    expect(state.sellerAway).toBe(true);
    expect(shownMessages(state)).toMatchObject([{ key: 'm1', text: '', deleted: true }]);
  });

  test('typing: one start per 3 s while keys are pressed, a stop when idle', () => {
    const first = run(liveChat(), [{ type: 'keystroke' }]);
    expect(sent(first.effects)).toEqual([{ action: 'typing', contact_id: CONTACT, state: 'start' }]);
    expect(first.effects).toContainEqual({ kind: 'startTimer', timer: 'typingIdle' });
    expect(sent(run(first.state, [{ type: 'keystroke' }], T0 + 3000).effects)).toEqual([]);
    expect(sent(run(first.state, [{ type: 'keystroke' }], T0 + 3001).effects)).toHaveLength(1);
    expect(sent(run(first.state, [{ type: 'typingIdle' }]).effects)).toEqual([{ action: 'typing', contact_id: CONTACT, state: 'stop' }]);
  });
});

describe("widget reducer: the shop's assistant", () => {
  /** A chat started on this page that waits in the queue (nobody online), the socket up. */
  function waitingChat(): WidgetState {
    const started = run(initialState(SELLER, {}), [{ type: 'socketUp' }, { type: 'chatStarted', profile: { name: 'Ada', email: '' } }]).state;
    const ack = frames.initChatAck({ contactId: CONTACT, status: 'queued', sellerId: null, visitorToken: 'token-1', queue: { reason: 'offline', position: 1 }, assistant: true });
    return run(started, [{ type: 'frame', frame: ack }]).state;
  }
  const delta = (answerId: string, text: string, contactId = CONTACT): WidgetEvent => ({ type: 'frame', frame: frames.assistantDelta({ contactId, answerId, delta: text }) });
  const citations = [
    { docId: 'shipping', title: 'Shipping', url: 'https://shop.example/shipping' },
    { docId: 'returns', title: 'Returns' },
  ];
  const answer = (seq: number, answerId: string, text: string) =>
    frames.chatMessage({
      id: `m${seq}`,
      contactId: CONTACT,
      seq,
      from: 'assistant',
      to: DEVICE,
      role: 'assistant',
      text,
      createdAt: new Date(T0).toISOString(),
      answerId,
      citations,
      tokens: { input: 40, output: 12 },
    });
  const handoff = (reason: 'requested' | 'low-confidence' | 'model' | 'assistant-unavailable') => frames.assistantHandoff({ contactId: CONTACT, reason, status: 'queued' });

  test('deltas add up as text per answerId, in a bubble of the assistant after the stored messages and before ours on their way', () => {
    const { state, effects } = run(waitingChat(), [
      { type: 'frame', frame: sellerSays(1, 'stored') },
      delta('a1', 'Orders ship '),
      delta('a2', '<b>other</b>'),
      delta('a1', 'within 2 days.'),
      { type: 'messageWritten', text: 'thanks', clientMessageId: 'w-1' },
    ]);
    expect(shownMessages(state).map((message) => [message.key, message.text, message.streaming, message.assistant])).toEqual([
      ['m1', 'stored', undefined, undefined],
      ['answer:a1', 'Orders ship within 2 days.', true, true],
      ['answer:a2', '<b>other</b>', true, true],
      ['w-1', 'thanks', undefined, undefined],
    ]);
    // not the seller typing, and a stalled answer goes after a while
    expect(state.sellerTyping).toBe(false);
    expect(effects).toContainEqual({ kind: 'startTimer', timer: 'answerStalled' });
    expect(run(state, [{ type: 'answerStalled' }]).state.answers.size).toBe(0);
    // another chat's deltas are not ours
    expect(run(state, [delta('a3', 'x', 'contact-2')]).state.answers.has('a3')).toBe(false);
  });

  test('the stored answer replaces its bubble, marked as the assistant’s with its sources; a late delta of it is dropped', () => {
    const streaming = run(waitingChat(), [delta('a1', 'Orders ship '), delta('a1', 'within 2 days.')]).state;
    const { state, effects } = run(streaming, [{ type: 'frame', frame: answer(2, 'a1', 'Orders ship within 2 days.') }]);
    expect(state.answers.size).toBe(0);
    expect(effects).toContainEqual({ kind: 'stopTimer', timer: 'answerStalled' });
    expect(shownMessages(state)).toEqual([
      expect.objectContaining({ key: 'm2', seq: 2, own: false, assistant: true, answerId: 'a1', text: 'Orders ship within 2 days.', citations }),
    ]);
    expect(shownMessages(state)[0]?.streaming).toBeUndefined();
    // the panel is closed: the answer counts as unseen, like a seller's message
    expect(state.unseen).toBe(1);
    expect(shownMessages(run(state, [delta('a1', ' late')]).state)).toHaveLength(1);
    const ended = run(state, [{ type: 'frame', frame: frames.contactEnded({ contactId: CONTACT, endedBy: 'visitor', endedAt: 't' }) }]).state;
    expect(run(ended, [delta('a2', 'too late')]).state.answers.size).toBe(0);
  });

  test('"Talk to a person" shows while the chat waits and the assistant was not stopped; pressing it sends requestHuman', () => {
    expect(mayAskForHuman(initialState(SELLER, {}))).toBe(false);
    const waiting = waitingChat();
    expect(mayAskForHuman(waiting)).toBe(true);
    // a waiting chat the shop's assistant does not answer (its ack said nothing of one) offers no person to ask for
    expect(mayAskForHuman({ ...waiting, assistant: false })).toBe(false);
    const assigned = run(waiting, [{ type: 'frame', frame: frames.contactAssignedToVisitor({ contactId: CONTACT, sellerId: SELLER }) }]).state;
    expect(mayAskForHuman(assigned)).toBe(false);

    const asked = run(waiting, [{ type: 'humanRequested' }]);
    expect(sent(asked.effects)).toEqual([{ action: 'requestHuman', contact_id: CONTACT }]);
    expect(asked.state.humanAsked).toBe(true);
    // the socket dropped before the answer: it goes again when the socket is back
    const back = run(asked.state, [{ type: 'socketDown' }, { type: 'socketUp' }]);
    expect(sent(back.effects)).toContainEqual({ action: 'requestHuman', contact_id: CONTACT });
  });

  test('a handoff says a person will answer, for the reason given; the button goes, also after a reload', () => {
    const streaming = run(waitingChat(), [{ type: 'humanRequested' }, delta('a1', 'half an ans')]).state;
    const { state, effects } = run(streaming, [{ type: 'frame', frame: handoff('requested') }]);
    expect(state).toMatchObject({ handoff: 'requested', humanAsked: false, status: 'queued' });
    expect(handoffNotice(state)).toBe('A person will answer here as soon as one is free.');
    expect(mayAskForHuman(state)).toBe(false);
    // what the assistant was writing will not be finished
    expect(state.answers.size).toBe(0);
    const saved = ofKind(effects, 'save').at(-1)?.chat as SavedChat;
    expect(saved).toMatchObject({ contactId: CONTACT, handoff: 'requested' });
    expect(mayAskForHuman(run(initialState(SELLER, saved), [{ type: 'started' }, { type: 'contactRead', contact: contactView({ status: 'queued' }) }]).state)).toBe(false);

    const unsure = run(waitingChat(), [{ type: 'frame', frame: handoff('low-confidence') }]).state;
    expect(handoffNotice(unsure)).toBe('I could not find that in our documents; a person will answer here.');
    expect(handoffNotice(run(waitingChat(), [{ type: 'frame', frame: handoff('assistant-unavailable') }]).state)).toMatch(/unavailable.*a person will answer here/);
    // once a seller joined, the notice is theirs; a new chat has the assistant again
    expect(handoffNotice(run(unsure, [{ type: 'frame', frame: frames.contactAssignedToVisitor({ contactId: CONTACT, sellerId: SELLER }) }]).state)).toBe('');
    const fresh = run(unsure, [{ type: 'newChatRequested' }]).state;
    expect(fresh.handoff).toBeUndefined();
  });

  test('a seller taking the chat drops the answer being written: the assistant stores none then', () => {
    const streaming = run(waitingChat(), [delta('a1', 'Orders ')]).state;
    const { state } = run(streaming, [{ type: 'frame', frame: frames.contactAssignedToVisitor({ contactId: CONTACT, sellerId: SELLER }) }]);
    expect(shownMessages(state)).toEqual([]);
  });
});

test('reduce leaves the state it was given as it was', () => {
  const before = run(liveChat(), [
    { type: 'messageWritten', text: 'hello', clientMessageId: 'w-1' },
    { type: 'frame', frame: sellerSays(1, 'hi') },
  ]).state;
  // maps as arrays, so the text shows every message and chat the state holds
  const snapshot = (state: object) => JSON.stringify(state, (_key, value: unknown) => (value instanceof Map ? [...value] : value));
  const original = snapshot(before);
  const events: WidgetEvent[] = [
    { type: 'frame', frame: frames.messageDeleted({ contactId: CONTACT, id: 'm1', seq: 1, deletedBy: 'seller', deletedAt: 't' }) },
    { type: 'frame', frame: frames.contactEnded({ contactId: CONTACT, endedBy: 'visitor', endedAt: 't' }) },
    { type: 'newChatRequested' },
  ];
  for (const event of events) reduce(before, event, T0);
  expect(snapshot(before)).toBe(original);
});
