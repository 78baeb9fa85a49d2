/** The shop's assistant answering a waiting chat: batched deltas, one stored answer, and every way it hands off. */
import { EngineUnavailable, type AnswerEngine, type AnswerEvent } from '../../lib/answering/engine';
import { answerChat, type AnswerChatDeps } from '../../lib/assistant/answer-chat';
import { DELTA_EVERY_MS } from '../../lib/assistant/stream-answer';
import type { RankedPassage, Retriever } from '../../lib/knowledge/passage';
import { delivery } from '../../lib/realtime/delivery';
import { newLineItem, toChat, type ChatItem } from '../../lib/store/chat-store';
import { shouldAskAssistant } from '../../lib/assistant/ask';
import type { SentMessage } from '../../lib/chat/send-message';
import type { ContactStatus } from '../../lib/protocol/ids';
import type { IdentityItem } from '../../lib/store/identity-store';
import { lineKeyOf, newContactId } from '../../lib/store/keys';
import type { StoredMessage } from '../../lib/store/message-store';
import { fakeChatsTable } from '../support/fake-chats-table';
import { fakeManagementApi } from '../support/fake-management-api';

const shipping: RankedPassage = { passageId: 'shipping#1', docId: 'shipping', title: 'Shipping', text: 'Orders ship in 2 days.', score: 9, matchedTerms: ['ship'] };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A queued chat of visitor `v1` with target `shop`, its first message the question; the visitor online on `conn-v1`. */
function setup(engineEvents: (AnswerEvent | Error)[], options: { stepMs?: number } = {}) {
  let clock = 1_000_000;
  const now = () => clock;
  const chats = fakeChatsTable();
  const lineKey = lineKeyOf('v1', 'shop');
  const contactId = newContactId(lineKey);
  const opened = new Date(clock).toISOString();
  chats.put({
    ...newLineItem(lineKey, {
      contactId,
      visitorId: 'v1',
      visitorInfo: {},
      target: 'shop',
      status: 'queued',
      queueKey: 'shop',
      createdAt: opened,
      lastActivityAt: opened,
      lastSeq: 0,
    }),
    seq: 1,
  });
  const stored: StoredMessage[] = [{ contactId, seq: 1, senderRole: 'visitor', senderId: 'v1', recipientId: null, text: 'how long does shipping take?', createdAt: opened }];
  const messages: AnswerChatDeps['messages'] = {
    latest: async (_id, count) => stored.slice(-count),
    put: async (message) => {
      stored.push(message);
      return { message, duplicate: false };
    },
  };
  const visitorItem: IdentityItem = { pk: 'visitor#v1', conns: new Set(['conn-v1']), 'at_conn-v1': Date.now() };
  const identities = { getMany: async () => new Map([['visitor#v1', visitorItem]]), dropConnections: async () => undefined };
  const management = fakeManagementApi();
  const retriever: Retriever = { retrieve: async (target) => ({ passages: target === 'shop' ? [shipping] : [], queryTerms: ['long', 'shipping', 'take'] }) };
  const engine: AnswerEngine = {
    name: 'extractive',
    async *answer() {
      for (const event of engineEvents) {
        clock += options.stepMs ?? 30;
        if (event instanceof Error) throw event;
        yield event;
      }
    },
  };
  // the lifecycle's own tests cover where a handed-over chat goes; here, that the assistant hands over once
  const handedOver: string[] = [];
  const lifecycle: AnswerChatDeps['lifecycle'] = {
    handOver: async (line) => {
      handedOver.push(line.contactId as string);
      return { status: 'queued', queue: { reason: 'offline', position: 1 } };
    },
  };
  const notes: { kind: string; text: string }[] = [];
  const privateNotes: AnswerChatDeps['privateNotes'] = {
    add: async (note) => {
      notes.push({ kind: note.kind, text: note.text });
      return { ...note, noteId: `n${notes.length}`, createdAt: new Date(clock).toISOString() };
    },
    count: async () => notes.length,
  };
  const deps: AnswerChatDeps = {
    chats: chats.store,
    lifecycle,
    privateNotes,
    messages,
    identities,
    delivery: delivery({ client: management.client, identities, connectionTtlMs: 60_000, log: quiet }),
    retriever,
    engineFor: async () => engine,
    budget: { claim: async () => ({ version: 1 }), charge: () => undefined },
    log: quiet,
    now,
  };
  const framesToVisitor = () => management.framesTo('conn-v1') as Record<string, unknown>[];
  return { deps, chats, stored, contactId, framesToVisitor, handedOver, notes };
}

const deltas = (...texts: string[]): AnswerEvent[] => texts.map((text) => ({ kind: 'delta', text }));
const done = (text: string): AnswerEvent => ({ kind: 'done', text, citations: [{ docId: 'shipping', title: 'Shipping' }], tokens: { input: 12, output: 5 } });

test('the answer streams in batched deltas, then is stored once with role assistant, its citations and tokens, and pushed as a message', async () => {
  const { deps, stored, contactId, framesToVisitor } = setup([...deltas('Orders ', 'ship ', 'in ', '2 ', 'days.'), done('Orders ship in 2 days.')]);
  const outcome = await answerChat(deps, { contactId, questionSeq: 1, visitorId: 'v1', target: 'shop' });
  expect(outcome).toMatchObject({ kind: 'answered', message: { seq: 2, senderRole: 'assistant', text: 'Orders ship in 2 days.', tokens: { input: 12, output: 5 } } });
  const frames = framesToVisitor();
  const streamed = frames.filter((frame) => frame.action === 'assistantDelta');
  // 5 deltas 30 ms apart: batched to one frame per 100 ms of writing, the rest flushed at the end
  expect(streamed.length).toBeLessThan(5);
  expect(streamed.map((frame) => frame.delta).join('')).toBe('Orders ship in 2 days.');
  for (const frame of streamed) {
    expect(frame).not.toHaveProperty('message');
    expect(frame).not.toHaveProperty('type');
  }
  const final = frames.at(-1);
  expect(final).toMatchObject({
    action: 'sendMessage',
    type: 'message',
    seq: 2,
    role: 'assistant',
    message: 'Orders ship in 2 days.',
    citations: [{ docId: 'shipping', title: 'Shipping' }],
  });
  expect(stored.filter((message) => message.senderRole === 'assistant')).toHaveLength(1);
  expect(DELTA_EVERY_MS).toBe(100);
});

test('a person who takes the chat while the answer is written gets no assistant message in the chat', async () => {
  const { deps, chats, stored, contactId } = setup([...deltas('Orders ship.'), done('Orders ship.')]);
  chats.before.takeAssistantTurn = () => Object.assign(chats.lineOf(contactId) ?? {}, { status: 'assigned', sellerId: 's1' });
  expect(await answerChat(deps, { contactId, questionSeq: 1, visitorId: 'v1', target: 'shop' })).toMatchObject({ kind: 'skipped' });
  expect(stored.map((message) => message.senderRole)).toEqual(['visitor']);
});

test('a low-confidence answer is stored without citations, the chat is handed off and the assistant answers it no more', async () => {
  const { deps, chats, stored, contactId, framesToVisitor, handedOver, notes } = setup([
    ...deltas('I do not know that one.'),
    { kind: 'handoff', reason: 'low-confidence', note: 'no passage covers the question' },
    { kind: 'done', text: 'I do not know that one.', citations: [], tokens: { input: 3, output: 5 } },
  ]);
  expect(await answerChat(deps, { contactId, questionSeq: 1, visitorId: 'v1', target: 'shop' })).toMatchObject({
    kind: 'handed-off',
    reason: 'low-confidence',
    message: { citations: [] },
  });
  // the visitor hears where the chat waits now, as the lifecycle's handover left it
  expect(framesToVisitor().at(-1)).toEqual({
    action: 'assistantHandoff',
    contact_id: contactId,
    reason: 'low-confidence',
    status: 'queued',
    queue: { reason: 'offline', position: 1 },
  });
  expect(handedOver).toEqual([contactId]);
  // the seller finds why, the question and what the assistant said
  expect(notes).toEqual([
    {
      kind: 'handoff',
      text: 'The assistant handed this chat over: its documents did not answer the question. The visitor asked: "how long does shipping take?". The assistant said: "I do not know that one.".',
    },
  ]);
  expect(chats.lineOf(contactId)?.assistantOff).toBe(true);
  expect(stored).toHaveLength(2);
  // the next question does not wake it (sendMessage asks only for a chat whose assistant is on), and a job already under way stores nothing
  const sent = { contact: toChat(chats.lineOf(contactId) as ChatItem), duplicate: false } as SentMessage;
  expect(shouldAskAssistant({ shop: 'waiting' }, { role: 'visitor', userId: 'v1' }, sent)).toBe(false);
  await answerChat(deps, { contactId, questionSeq: 1, visitorId: 'v1', target: 'shop' });
  expect(stored).toHaveLength(2);
});

test('an engine that fails mid-stream hands off as assistant-unavailable; nothing is stored and the question stays', async () => {
  const { deps, stored, contactId, framesToVisitor } = setup([...deltas('Orders '), new EngineUnavailable('bedrock', new Error('ThrottlingException'))]);
  expect(await answerChat(deps, { contactId, questionSeq: 1, visitorId: 'v1', target: 'shop' })).toEqual({ kind: 'handed-off', reason: 'assistant-unavailable' });
  expect(stored.map((message) => message.text)).toEqual(['how long does shipping take?']);
  expect(framesToVisitor().at(-1)).toMatchObject({ action: 'assistantHandoff', reason: 'assistant-unavailable' });
});

test('a bug in an engine is logged as an error, not as an outage, and the visitor still gets a person', async () => {
  const { deps, contactId, framesToVisitor, handedOver } = setup([new TypeError('engine bug')]);
  const errors: string[] = [];
  const warnings: string[] = [];
  deps.log = { ...quiet, error: (msg) => errors.push(msg), warn: (msg) => warnings.push(msg) };
  expect(await answerChat(deps, { contactId, questionSeq: 1, visitorId: 'v1', target: 'shop' })).toEqual({ kind: 'handed-off', reason: 'assistant-unavailable' });
  expect(errors).toEqual(['assistant failed']);
  expect(warnings).toEqual([]);
  expect(handedOver).toEqual([contactId]);
  expect(framesToVisitor().at(-1)).toMatchObject({ action: 'assistantHandoff', reason: 'assistant-unavailable' });
});

test('a retrieval that fails (the knowledge table unreachable) hands the chat to a person too', async () => {
  const { deps, contactId, handedOver } = setup([done('x')]);
  deps.retriever = { retrieve: async () => Promise.reject(new Error('knowledge table unreachable')) };
  expect(await answerChat(deps, { contactId, questionSeq: 1, visitorId: 'v1', target: 'shop' })).toEqual({ kind: 'handed-off', reason: 'assistant-unavailable' });
  expect(handedOver).toEqual([contactId]);
});

test('a question that a newer one follows is left to the newer one', async () => {
  const { deps, stored, contactId } = setup([done('x')]);
  stored.push({ contactId, seq: 2, senderRole: 'visitor', senderId: 'v1', recipientId: null, text: 'and returns?', createdAt: new Date().toISOString() });
  expect(await answerChat(deps, { contactId, questionSeq: 1, visitorId: 'v1', target: 'shop' })).toEqual({ kind: 'skipped', why: 'a newer question' });
});

test("sendMessage wakes the assistant only for a visitor's new message in a waiting chat of a target that turned it on", () => {
  const chat = {
    contactId: 'c',
    visitorId: 'v1',
    visitorInfo: {},
    target: 'shop',
    status: 'queued' as ContactStatus,
    createdAt: '',
    lastActivityAt: '',
    lastSeq: 1,
    assistantOff: false,
  };
  const sent = (over: Partial<SentMessage> & { chat?: Partial<typeof chat> } = {}) => ({ duplicate: false, ...over, contact: { ...chat, ...over.chat } }) as SentMessage;
  const visitor = { role: 'visitor' as const, userId: 'v1' };
  expect(shouldAskAssistant({ shop: 'waiting' }, visitor, sent())).toBe(true);
  expect(shouldAskAssistant({ '*': 'waiting' }, visitor, sent())).toBe(true);
  expect(shouldAskAssistant({ shop: 'off', '*': 'waiting' }, visitor, sent())).toBe(false);
  expect(shouldAskAssistant({}, visitor, sent())).toBe(false);
  expect(shouldAskAssistant({ shop: 'waiting' }, { role: 'seller', userId: 's1' }, sent())).toBe(false);
  expect(shouldAskAssistant({ shop: 'waiting' }, visitor, sent({ duplicate: true }))).toBe(false);
  expect(shouldAskAssistant({ shop: 'waiting' }, visitor, sent({ chat: { status: 'assigned' } }))).toBe(false);
  // `first`: the same rule, for a chat the assistant holds in no queue
  expect(shouldAskAssistant({ shop: 'first' }, visitor, sent())).toBe(true);
  expect(shouldAskAssistant({ shop: 'first' }, visitor, sent({ chat: { assistantOff: true } }))).toBe(false);
});
