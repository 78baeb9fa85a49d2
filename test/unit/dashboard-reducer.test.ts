/** The dashboard's reducer, fed the server's own frames (lib/protocol/outbound builds them): state and effects, no DOM. */
import { ChatError } from '../../lib/platform/errors';
import { frames } from '../../lib/protocol/outbound';
import type { ContactStatus } from '../../lib/protocol/ids';
import type { ContactView, ContactWithMessages } from '../../lib/protocol/views';
import type { DashboardEffect, DashboardEvent } from '../../web/dashboard/events';
import { reduce } from '../../web/dashboard/reducer';
import { initialState, list, openChatSummary, totalUnread, unread, type DashboardState } from '../../web/dashboard/state';

const ME = 'seller-1';
const VISITOR = 'web-visitor';
const CONTACT = 'contact-1';
const T0 = Date.parse('2026-01-05T10:00:00Z');

function run(state: DashboardState, events: DashboardEvent[], now = T0): { state: DashboardState; effects: DashboardEffect[] } {
  const effects: DashboardEffect[] = [];
  for (const event of events) {
    const next = reduce(state, event, now);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}

const ofKind = <K extends DashboardEffect['kind']>(effects: DashboardEffect[], kind: K) =>
  effects.filter((effect): effect is Extract<DashboardEffect, { kind: K }> => effect.kind === kind);
const sent = (effects: DashboardEffect[]) => ofKind(effects, 'send').map((effect) => effect.frame);

const visitorSays = (seq: number, text: string, contactId = CONTACT) =>
  frames.chatMessage({ id: `m${seq}`, contactId, seq, from: VISITOR, to: ME, role: 'visitor', text, createdAt: new Date(T0 + seq * 1000).toISOString() });

/** A contact as the API shows its seller; the dashboard reads the fields set here (the cast spares the others). */
function contactView(fields: Partial<ContactView> = {}): ContactView {
  return {
    contact_id: CONTACT,
    status: 'assigned',
    visitor: { userId: VISITOR, userInfo: { name: 'Ada' } },
    sellerId: ME,
    target: ME,
    queueKey: null,
    lastActivityAt: '2026-01-05T09:00:00Z',
    endedBy: null,
    lastSeq: 0,
    read: { visitor: 0, seller: 0 },
    ...fields,
  } as ContactView;
}

const lists = (contacts: ContactView[]): Record<ContactStatus, ContactView[]> => ({
  queued: contacts.filter((contact) => contact.status === 'queued'),
  assigned: contacts.filter((contact) => contact.status === 'assigned'),
  ended: contacts.filter((contact) => contact.status === 'ended'),
});

/** The dashboard with the socket up and chat CONTACT open and loaded, holding the visitor's messages 1..`count`. */
function openChat(count = 1): DashboardState {
  const messages = Array.from({ length: count }, (_, i) => visitorSays(i + 1, `line ${i + 1}`));
  const opened = run(initialState(ME), [
    { type: 'socketUp', presence: 'online' },
    { type: 'openRequested', contactId: CONTACT },
  ]);
  const load = ofKind(opened.effects, 'loadContact')[0];
  if (!load) throw new Error('opening a chat loads it');
  const contact: ContactWithMessages = { ...contactView({ lastSeq: count }), messages };
  return run(opened.state, [{ type: 'contactLoaded', serial: load.serial, readAt: load.readAt, contact }]).state;
}

describe('dashboard reducer: messages', () => {
  test('a visitor message in an unknown chat makes it an unread assigned chat, beeps, and reloads the lists', () => {
    const { state, effects } = run(initialState(ME), [
      { type: 'socketUp', presence: undefined },
      { type: 'frame', frame: visitorSays(1, 'hello') },
    ]);
    const chat = state.chats.get(CONTACT);
    expect(chat).toMatchObject({ status: 'assigned', visitorId: VISITOR, lastSeq: 1 });
    expect(chat && unread(chat)).toBe(1);
    expect(totalUnread(state)).toBe(1);
    expect(list(state, 'assigned').map((chat) => chat.id)).toEqual([CONTACT]);
    expect(effects).toContainEqual({ kind: 'beep', onlyIfHidden: false });
    expect(effects).toContainEqual({ kind: 'startTimer', timer: 'reload', delayMs: undefined });
  });

  test('opening a chat shows it in the address and loads it; once loaded, its visitor messages are marked read', () => {
    const opened = run(initialState(ME), [
      { type: 'socketUp', presence: 'online' },
      { type: 'openRequested', contactId: CONTACT },
    ]);
    expect(opened.state.openChat).toMatchObject({ contactId: CONTACT, loaded: false });
    expect(ofKind(opened.effects, 'showInAddress')).toEqual([{ kind: 'showInAddress', contactId: CONTACT }]);
    const load = ofKind(opened.effects, 'loadContact')[0];
    expect(load).toMatchObject({ contactId: CONTACT });

    const messages = Array.from({ length: 20 }, (_, i) => visitorSays(i + 6, `line ${i + 6}`));
    const contact: ContactWithMessages = { ...contactView({ lastSeq: 25 }), messages };
    const loaded = run(opened.state, [{ type: 'contactLoaded', serial: load?.serial ?? -1, readAt: load?.readAt ?? -1, contact }]);
    expect(loaded.state.openChat).toMatchObject({ loaded: true, hasEarlier: true });
    expect(loaded.state.openChat?.messages.size).toBe(20);
    expect(ofKind(loaded.effects, 'markRead')).toEqual([{ kind: 'markRead', contactId: CONTACT, upToSeq: 25 }]);
    const read = run(loaded.state, [{ type: 'readMarked', contactId: CONTACT, upToSeq: 25 }]).state;
    expect(totalUnread(read)).toBe(0);
  });

  test('an answer for an earlier opening of the chat is dropped', () => {
    const first = run(initialState(ME), [{ type: 'openRequested', contactId: CONTACT }]);
    const firstLoad = ofKind(first.effects, 'loadContact')[0];
    const switched = run(first.state, [{ type: 'openRequested', contactId: 'contact-2' }]).state;
    const contact: ContactWithMessages = { ...contactView(), messages: [visitorSays(1, 'late')] };
    const { state } = run(switched, [{ type: 'contactLoaded', serial: firstLoad?.serial ?? -1, readAt: firstLoad?.readAt ?? -1, contact }]);
    expect(state.openChat).toMatchObject({ contactId: 'contact-2', loaded: false });
    expect(state.openChat?.messages.size).toBe(0);
  });

  test('a live visitor message in the open chat is added, clears the typing indicator, and beeps only if the page is hidden', () => {
    const typing = run(openChat(), [{ type: 'frame', frame: frames.typing({ contactId: CONTACT, state: 'start', role: 'visitor', from: VISITOR }) }]);
    expect(typing.state.openChat?.visitorTyping).toBe(true);
    expect(typing.effects).toContainEqual({ kind: 'startTimer', timer: 'visitorTyping', delayMs: undefined });
    const { state, effects } = run(typing.state, [{ type: 'frame', frame: visitorSays(2, 'more') }]);
    expect(state.openChat?.messages.get(2)).toMatchObject({ role: 'visitor', text: 'more' });
    expect(state.openChat?.visitorTyping).toBe(false);
    expect(effects).toContainEqual({ kind: 'beep', onlyIfHidden: true });
    expect(ofKind(effects, 'markRead')).toEqual([{ kind: 'markRead', contactId: CONTACT, upToSeq: 2 }]);
  });

  test('a deleted message keeps its place and loses its text', () => {
    const { state } = run(openChat(2), [{ type: 'frame', frame: frames.messageDeleted({ contactId: CONTACT, id: 'm2', seq: 2, deletedBy: 'visitor', deletedAt: 't' }) }]);
    expect(state.openChat?.messages.get(2)).toMatchObject({ seq: 2, text: undefined });
    expect(state.openChat?.messages.get(1)?.text).toBe('line 1');
  });

  test("a waiting chat's answer by the shop's assistant shows as the assistant's, with its sources; its deltas and handoffs are the visitor's, and change nothing", () => {
    const opened = run(initialState(ME), [
      { type: 'socketUp', presence: 'online' },
      { type: 'openRequested', contactId: CONTACT },
    ]);
    const load = ofKind(opened.effects, 'loadContact')[0];
    const citations = [{ docId: 'shipping', title: 'Shipping', url: 'https://shop.example/shipping' }];
    const answer = frames.chatMessage({
      id: 'm2',
      contactId: CONTACT,
      seq: 2,
      from: 'assistant',
      to: VISITOR,
      role: 'assistant',
      text: 'Orders ship within 2 business days.',
      createdAt: new Date(T0).toISOString(),
      answerId: 'a1',
      citations,
      tokens: { input: 40, output: 12 },
    });
    const contact: ContactWithMessages = { ...contactView({ status: 'queued', sellerId: null, lastSeq: 2 }), messages: [visitorSays(1, 'How long does shipping take?'), answer] };
    const { state } = run(opened.state, [{ type: 'contactLoaded', serial: load?.serial ?? -1, readAt: load?.readAt ?? -1, contact }]);
    expect(state.openChat?.messages.get(2)).toEqual({
      id: 'm2',
      seq: 2,
      role: 'assistant',
      text: 'Orders ship within 2 business days.',
      timestamp: new Date(T0).toISOString(),
      citations,
    });
    expect(state.openChat?.messages.get(1)?.citations).toBeUndefined();

    const visitorFrames = run(state, [
      { type: 'frame', frame: frames.assistantDelta({ contactId: CONTACT, answerId: 'a3', delta: 'Orders' }) },
      { type: 'frame', frame: frames.assistantHandoff({ contactId: CONTACT, reason: 'low-confidence', status: 'queued' }) },
    ]);
    expect(visitorFrames.state).toEqual(state);
    expect(visitorFrames.effects).toEqual([]);
  });

  test('opening a chat the assistant answered marks its answer read too, so it is not counted unread', () => {
    const opened = run(initialState(ME), [
      { type: 'socketUp', presence: 'online' },
      { type: 'openRequested', contactId: CONTACT },
    ]);
    const load = ofKind(opened.effects, 'loadContact')[0];
    const answer = frames.chatMessage({
      id: 'm2',
      contactId: CONTACT,
      seq: 2,
      from: 'assistant',
      to: VISITOR,
      role: 'assistant',
      text: 'From “Shipping”…',
      createdAt: 't',
      answerId: 'a1',
      citations: [],
    });
    const contact: ContactWithMessages = { ...contactView({ lastSeq: 2 }), messages: [visitorSays(1, 'How long does shipping take?'), answer] };
    const loaded = run(opened.state, [{ type: 'contactLoaded', serial: load?.serial ?? -1, readAt: load?.readAt ?? -1, contact }]);
    expect(ofKind(loaded.effects, 'markRead')).toEqual([{ kind: 'markRead', contactId: CONTACT, upToSeq: 2 }]);
    expect(totalUnread(run(loaded.state, [{ type: 'readMarked', contactId: CONTACT, upToSeq: 2 }]).state)).toBe(0);
  });
});

describe('dashboard reducer: replies', () => {
  test('a reply goes out with its clientMessageId and shows once acked, with a read mark up to it', () => {
    const written = run(openChat(), [{ type: 'replyWritten', text: 'Yes, two left.', clientMessageId: 'd-1' }]);
    expect(ofKind(written.effects, 'send')).toContainEqual({
      kind: 'send',
      frame: { action: 'sendMessage', to: VISITOR, contact_id: CONTACT, message: 'Yes, two left.', clientMessageId: 'd-1' },
      ifNotSent: { type: 'replyWaiting', clientMessageId: 'd-1' },
    });
    expect(written.state.pending.get('d-1')).toMatchObject({ state: 'sending', createdAt: new Date(T0).toISOString() });

    const ack = frames.messageAck({ id: 'm2', contactId: CONTACT, seq: 2, clientMessageId: 'd-1', delivered: true, duplicate: false, timestamp: 't2' });
    const { state, effects } = run(written.state, [{ type: 'frame', frame: ack }]);
    expect(state.pending.size).toBe(0);
    expect(state.openChat?.messages.get(2)).toEqual({ id: 'm2', seq: 2, role: 'seller', text: 'Yes, two left.', timestamp: 't2' });
    expect(sent(effects)).toEqual([{ action: 'read', contact_id: CONTACT, upToSeq: 2 }]);
  });

  test('a reply that could not go waits, and goes again when the socket is back', () => {
    const written = run(openChat(), [
      { type: 'replyWritten', text: 'hello', clientMessageId: 'd-1' },
      { type: 'replyWaiting', clientMessageId: 'd-1' },
    ]);
    expect(written.state.pending.get('d-1')?.state).toBe('waiting');
    const back = run(written.state, [{ type: 'socketDown' }, { type: 'socketUp', presence: 'online' }]);
    expect(back.state.socket).toBe('connected');
    expect(back.state.pending.get('d-1')?.state).toBe('sending');
    expect(sent(back.effects)).toEqual([
      { action: 'sendMessage', to: VISITOR, contact_id: CONTACT, message: 'hello', clientMessageId: 'd-1' },
      { action: 'resume', contact_id: CONTACT, afterSeq: 1 },
    ]);
    // a second up reloads the lists at once
    expect(back.effects).toContainEqual({ kind: 'startTimer', timer: 'reload', delayMs: 0 });
  });

  test('a refused reply is marked failed with the reason, and the alert says so; retry sends it again', () => {
    const written = run(openChat(), [{ type: 'replyWritten', text: 'hello', clientMessageId: 'd-1' }]).state;
    const refusal = frames.error(new ChatError('RATE_LIMITED', 'too many messages', 12.2), 'r1', 'd-1');
    const failed = run(written, [{ type: 'frame', frame: refusal }]).state;
    expect(failed.pending.get('d-1')).toMatchObject({ state: 'failed', error: 'too many messages Try again in 13 s.' });
    expect(failed.notice).toBe('Your message was not sent: too many messages Try again in 13 s.');
    const retried = run(failed, [{ type: 'retryRequested', clientMessageId: 'd-1' }]);
    expect(retried.state.pending.get('d-1')).toMatchObject({ state: 'sending', error: undefined });
    expect(sent(retried.effects)).toHaveLength(1);
  });

  test('nothing can be written into a chat that is not this seller’s', () => {
    const queued = run(openChat(), [{ type: 'frame', frame: frames.contactQueued({ contactId: CONTACT, queueKey: ME, fromSellerId: ME, reason: 'presence' }) }]).state;
    expect(openChatSummary(queued)).toMatchObject({ status: 'queued', sellerId: null, note: 'Back in the queue: you were away too long.' });
    const { state, effects } = run(queued, [{ type: 'replyWritten', text: 'hello', clientMessageId: 'd-1' }, { type: 'keystroke' }]);
    expect(state.pending.size).toBe(0);
    expect(effects).toEqual([]);
  });

  test('typing: start, again after 4 s, and a stop once idle', () => {
    const first = run(openChat(), [{ type: 'keystroke' }]);
    expect(ofKind(first.effects, 'send')).toEqual([
      { kind: 'send', frame: { action: 'typing', contact_id: CONTACT, state: 'start' }, ifSent: { type: 'typingStarted', contactId: CONTACT, at: T0 } },
    ]);
    const typing = run(first.state, [{ type: 'typingStarted', contactId: CONTACT, at: T0 }]).state;
    expect(sent(run(typing, [{ type: 'keystroke' }], T0 + 4000).effects)).toEqual([]);
    expect(sent(run(typing, [{ type: 'keystroke' }], T0 + 4001).effects)).toHaveLength(1);
    expect(sent(run(typing, [{ type: 'typingIdle' }]).effects)).toEqual([{ action: 'typing', contact_id: CONTACT, state: 'stop' }]);
  });
});

describe('dashboard reducer: the chat list', () => {
  test('a list read that began before a live change does not undo it; chats in no list leave unless open', () => {
    const known = run(initialState(ME), [
      { type: 'listsLoaded', generation: 0, startedAt: 0, lists: lists([contactView(), contactView({ contact_id: 'contact-2', status: 'queued' })]) },
    ]).state;
    expect(list(known, 'assigned').map((chat) => chat.id)).toEqual([CONTACT]);
    expect(list(known, 'queued').map((chat) => chat.id)).toEqual(['contact-2']);

    const reload = run(known, [{ type: 'reloadDue' }]);
    const load = ofKind(reload.effects, 'loadLists')[0];
    if (!load) throw new Error('a reload reads the lists');
    // the chat ends live while the (older) lists are on their way
    const ended = run(reload.state, [{ type: 'frame', frame: frames.contactEnded({ contactId: CONTACT, endedBy: 'visitor', endedAt: 't' }) }]).state;
    const { state } = run(ended, [{ type: 'listsLoaded', generation: load.generation, startedAt: load.startedAt, lists: lists([contactView()]) }]);
    expect(state.chats.get(CONTACT)?.status).toBe('ended');
    expect(state.chats.has('contact-2')).toBe(false);
  });

  test('only the newest reload’s answer counts', () => {
    const twice = run(initialState(ME), [{ type: 'reloadDue' }, { type: 'reloadDue' }]);
    const [older, newer] = ofKind(twice.effects, 'loadLists');
    if (!older || !newer) throw new Error('each reload reads the lists');
    const stale = run(twice.state, [{ type: 'listsLoaded', generation: older.generation, startedAt: older.startedAt, lists: lists([contactView()]) }]);
    expect(stale.state.chats.size).toBe(0);
    expect(run(twice.state, [{ type: 'listsFailed', generation: older.generation, reason: 'timeout' }]).state.notice).toBe('');
    expect(run(twice.state, [{ type: 'listsFailed', generation: newer.generation, reason: 'timeout' }]).state.notice).toBe('Could not load the chats: timeout');
  });

  test('the Queued tab follows contactLeftQueue at once: a chat a teammate took or its visitor ended leaves it, with no list read', () => {
    const other = 'contact-2';
    const waiting = run(initialState(ME), [
      { type: 'socketUp', presence: 'online' },
      {
        type: 'listsLoaded',
        generation: 0,
        startedAt: 0,
        lists: lists([contactView({ status: 'queued', sellerId: null }), contactView({ contact_id: other, status: 'queued', sellerId: null })]),
      },
    ]).state;
    expect(list(waiting, 'queued')).toHaveLength(2);
    const taken = run(waiting, [{ type: 'frame', frame: frames.contactLeftQueue({ contactId: CONTACT, queueKey: 'team', reason: 'assigned', sellerId: 'seller-2' }) }]);
    expect(taken.state.chats.get(CONTACT)).toMatchObject({ status: 'elsewhere', sellerId: 'seller-2', note: 'Taken by seller-2.' });
    expect(ofKind(taken.effects, 'loadLists')).toEqual([]);
    const ended = run(taken.state, [{ type: 'frame', frame: frames.contactLeftQueue({ contactId: other, queueKey: 'team', reason: 'ended', sellerId: null }) }]);
    expect(list(ended.state, 'queued')).toEqual([]);
    expect(ended.state.chats.get(other)?.status).toBe('ended');
  });

  test('a chat moved to this seller for a missed first reply, or transferred with a note, says so', () => {
    const late = frames.contactTransferred({
      contactId: CONTACT,
      fromSellerId: 'slow',
      toSellerId: null,
      toTeamId: null,
      status: 'assigned',
      reason: 'first-response',
      sellerId: ME,
    });
    expect(openChatSummary(run(openChat(), [{ type: 'frame', frame: late }]).state)).toMatchObject({ status: 'assigned', note: 'From slow: not answered in time.' });
    const noted = frames.contactTransferred({
      contactId: CONTACT,
      fromSellerId: 'seller-2',
      toSellerId: ME,
      toTeamId: null,
      status: 'assigned',
      reason: 'transfer',
      sellerId: ME,
      note: 'wants a refund',
    });
    expect(openChatSummary(run(openChat(), [{ type: 'frame', frame: noted }]).state)).toMatchObject({ note: 'Transferred by seller-2: wants a refund' });
  });

  test('a chat assigned to this seller from the queue moves to Assigned with the visitor’s name and email', () => {
    const queued = run(initialState(ME), [
      { type: 'listsLoaded', generation: 0, startedAt: 0, lists: lists([contactView({ status: 'queued', sellerId: null, visitor: { userId: VISITOR, userInfo: {} } })]) },
    ]).state;
    // the email it left while it waited comes in its userInfo
    const assigned = frames.contactAssignedToSeller({ contactId: CONTACT, visitorId: VISITOR, userInfo: { name: ' Bo ', email: 'bo@example.com' } });
    const { state, effects } = run(queued, [{ type: 'frame', frame: assigned }]);
    expect(state.chats.get(CONTACT)).toMatchObject({ status: 'assigned', sellerId: ME, visitorName: 'Bo', visitorEmail: 'bo@example.com' });
    expect(list(state, 'queued')).toEqual([]);
    expect(effects).toContainEqual({ kind: 'startTimer', timer: 'reload', delayMs: undefined });
  });

  test('a chat transferred away stays open as elsewhere, with where it went', () => {
    const transferred = frames.contactTransferred({
      contactId: CONTACT,
      fromSellerId: ME,
      toSellerId: 'seller-2',
      toTeamId: null,
      status: 'assigned',
      reason: 'transfer',
      sellerId: 'seller-2',
    });
    const { state } = run(openChat(), [{ type: 'frame', frame: transferred }]);
    expect(openChatSummary(state)).toMatchObject({ status: 'elsewhere', sellerId: 'seller-2', note: 'Transferred to seller-2.' });
    expect(list(state, 'assigned')).toEqual([]);
  });

  test('the seller’s transfer to a team leaves the chat queued there; a refused one says why', () => {
    const to = { toTeamId: 'sales' };
    const done = run(openChat(), [{ type: 'transferStarted' }, { type: 'transferSucceeded', to, contact: contactView({ status: 'queued', sellerId: null, queueKey: 'sales' }) }]);
    expect(openChatSummary(done.state)).toMatchObject({ status: 'queued', note: 'Transferred to sales: waiting in its queue.' });
    expect(run(openChat(), [{ type: 'transferFailed', reason: 'the chat is already yours' }]).state.notice).toBe('Could not transfer the chat: the chat is already yours');
  });

  test('the server’s presence shows, and a change that cannot be sent says why', () => {
    const up = run(initialState(ME), [{ type: 'socketUp', presence: 'away' }]).state;
    expect(up.presence).toBe('away');
    expect(run(up, [{ type: 'frame', frame: frames.presence({ sellerId: ME, status: 'online' }) }]).state.presence).toBe('online');
    const request = run(up, [{ type: 'presenceRequested', status: 'online' }]);
    expect(request.effects).toEqual([{ kind: 'send', frame: { action: 'presence', status: 'online' }, ifNotSent: { type: 'presenceNotSent' } }]);
    expect(run(up, [{ type: 'presenceNotSent' }]).state.notice).toMatch(/^Not connected/);
  });

  test('contactLeftQueue of a chat that is not queued here changes nothing', () => {
    const before = openChat();
    const left = frames.contactLeftQueue({ contactId: CONTACT, queueKey: ME, reason: 'assigned', sellerId: 'seller-2' });
    const { state, effects } = run(before, [{ type: 'frame', frame: left }]);
    expect(state).toEqual(before);
    expect(effects).toEqual([]);
  });
});

test('reduce leaves the state it was given as it was', () => {
  const before = run(openChat(2), [{ type: 'replyWritten', text: 'hello', clientMessageId: 'd-1' }]).state;
  // maps as arrays, so the text shows every message and chat the state holds
  const snapshot = (state: object) => JSON.stringify(state, (_key, value: unknown) => (value instanceof Map ? [...value] : value));
  const original = snapshot(before);
  const events: DashboardEvent[] = [
    { type: 'frame', frame: frames.messageDeleted({ contactId: CONTACT, id: 'm1', seq: 1, deletedBy: 'visitor', deletedAt: 't' }) },
    { type: 'frame', frame: frames.contactEnded({ contactId: CONTACT, endedBy: 'visitor', endedAt: 't' }) },
    { type: 'frame', frame: frames.messageAck({ id: 'm3', contactId: CONTACT, seq: 3, clientMessageId: 'd-1', delivered: true, duplicate: false, timestamp: 't' }) },
    { type: 'listsLoaded', generation: 0, startedAt: 99, lists: lists([]) },
    { type: 'signedOut' },
  ];
  for (const event of events) reduce(before, event, T0);
  expect(snapshot(before)).toBe(original);
});

describe('dashboard reducer: the visitor context', () => {
  test("a chat's read brings the visitor's page and earlier chats; a visitorContext frame moves the page; a list without it (the chat ended) clears it", () => {
    const page = { url: 'https://shop.example/p/1', title: 'Trail 29', timeZone: 'Europe/Oslo', at: '2026-01-05T10:00:00Z' };
    const earlierChats = [{ contact_id: 'contact-0', status: 'ended' as const, createdAt: '2026-01-01T10:00:00Z' }];
    const opened = run(initialState(ME), [
      { type: 'socketUp', presence: 'online' },
      { type: 'openRequested', contactId: CONTACT },
    ]);
    const load = ofKind(opened.effects, 'loadContact')[0]!;
    const contact: ContactWithMessages = { ...contactView({ visitorContext: page }), messages: [], earlierChats };
    const loaded = run(opened.state, [{ type: 'contactLoaded', serial: load.serial, readAt: load.readAt, contact }]).state;
    expect(openChatSummary(loaded)).toMatchObject({ context: page, earlierChats });

    const moved = { ...page, url: 'https://shop.example/cart', title: 'Your cart', at: '2026-01-05T10:01:00Z' };
    const live = run(loaded, [{ type: 'frame', frame: frames.visitorContext({ contactId: CONTACT, context: moved }) }]).state;
    expect(openChatSummary(live)?.context).toEqual(moved);
    // a frame for a chat the dashboard does not know changes nothing
    const other = run(live, [{ type: 'frame', frame: frames.visitorContext({ contactId: 'contact-9', context: page }) }]).state;
    expect(other.chats.has('contact-9')).toBe(false);

    const ended = run(
      live,
      [{ type: 'listsLoaded', generation: live.reloadGeneration, startedAt: T0 + 5000, lists: lists([contactView({ status: 'ended', visitorContext: null })]) }],
      T0 + 6000,
    ).state;
    expect(openChatSummary(ended)?.context).toBeUndefined();
    expect(openChatSummary(ended)?.earlierChats).toEqual(earlierChats);
  });
});
