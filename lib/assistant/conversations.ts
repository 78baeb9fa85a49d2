/**
 * The conversation API (`/v1/chat/conversations`): a chat with the shop's assistant for a client
 * without a socket. A conversation IS a chat: started by startChat, written by sendChatMessage
 * (same dedupe, limits and pushes as the socket and the REST fallback), answered by answerChat,
 * read and deleted as the history API does. Only the answer's transport differs: its deltas,
 * citations, handoff and end go to the HTTP response as events, with ids a client resumes from.
 */
import type { Caller, VisitorCaller } from '../access/callers';
import { checkOrigin, type OriginAllowList } from '../access/origins';
import { enforce, type BucketPolicy, type RateLimiter } from '../access/rate-limit';
import { contactView, getContact, type HistoryDeps } from '../chat/history';
import { deleteChat, type DeletionDeps } from '../chat/deletion';
import type { ChatReader } from '../chat/chat-reader';
import { sendChatMessage, type MessageDeps } from '../chat/send-message';
import { startChat, type StartChatDeps } from '../chat/start-chat';
import { visibleChat } from '../chat/visibility';
import type { Citation } from '../knowledge/passage';
import type { Chat } from '../model/chat';
import { badRequest, forbidden, notFound } from '../platform/errors';
import { assistantModeOf, type AssistantMode } from '../routing/target-rules';
import type { ContactStatus, HandoffReason } from '../protocol/ids';
import type { ContactWithMessages, ContactView } from '../protocol/views';
import type { MessageStore, StoredMessage } from '../store/message-store';
import type { NoteStore } from '../store/note-store';
import { messageIdOf } from '../store/keys';
import { answerChat, type AnswerChatDeps, type AnswerOutcome } from './answer-chat';
import { assistantAnswers } from './ask';

/**
 * Why the assistant does not (or no longer) answer: the engine's and the visitor's reasons, plus
 * the conversation's own: the target never turned the assistant on, it was stopped in this chat
 * earlier, or a person holds the chat.
 */
export type ConversationHandoffReason = HandoffReason | 'assistant-off' | 'assistant-stopped' | 'with-a-person';

/** One event of an answer's stream; `id` lets a client resume after it (Last-Event-ID). */
export type AnswerStreamEvent =
  | { event: 'delta'; id: string; data: { text: string } }
  | { event: 'citation'; id: string; data: Citation }
  | { event: 'handoff'; id: string; data: { reason: ConversationHandoffReason; status: ContactStatus; sellerId: string | null; queue: string | null } }
  | {
      event: 'done';
      id: string;
      data: { question: { id: string; seq: number }; messageId: string | null; seq: number | null; tokens: { input: number; output: number } | null };
    };

export type Emit = (event: AnswerStreamEvent) => void;

export interface ConversationDeps {
  starting: StartChatDeps;
  sending: MessageDeps;
  contacts: ChatReader;
  history: HistoryDeps;
  deletion: DeletionDeps;
  notes: Pick<NoteStore, 'set' | 'getMany'>;
  messages: Pick<MessageStore, 'listAfter'>;
  rateLimiter: RateLimiter;
  /** what answerChat needs: the retriever, the engines, the limits, the lifecycle for handovers */
  answering: AnswerChatDeps;
  settings: {
    assistantModes: Record<string, AssistantMode>;
    widgetOrigins: OriginAllowList;
    /** requests of one visitor (or seller), and of all callers about one target */
    rateLimits: { conversationCaller: BucketPolicy; conversationTarget: BucketPolicy };
    /** how long a resumed stream waits for an answer still being written */
    resumeWaitMs: number;
  };
  sleep?: (ms: number) => Promise<void>;
}

export interface RequestOrigin {
  origin?: string;
  sourceIp?: string;
}

/** Every conversation request takes a token from its caller's bucket and from its target's. */
async function limit(deps: ConversationDeps, caller: Caller, target: string): Promise<void> {
  const who = caller.role === 'visitor' ? `visitor#${caller.deviceId}` : `seller#${caller.sellerId}`;
  const { conversationCaller, conversationTarget } = deps.settings.rateLimits;
  // both buckets at once: a refused request may cost the other bucket a token, and saves a round trip on every question
  await Promise.all([
    enforce(deps.rateLimiter, [{ key: `conv#${who}`, policy: conversationCaller, what: 'conversation requests' }]),
    enforce(deps.rateLimiter, [{ key: `conv#target#${target}`, policy: conversationTarget, what: `conversation requests for ${target}` }]),
  ]);
}

const requireConversationVisitor = (caller: Caller): VisitorCaller => {
  if (caller.role !== 'visitor') throw forbidden('only a visitor asks in a conversation; sellers answer in the dashboard');
  return caller;
};

/** The chat, if the caller may see it (a visitorToken reaches only its own chat): NOT_FOUND otherwise. */
async function conversationOf(deps: ConversationDeps, caller: Caller, contactId: string, from: RequestOrigin): Promise<Chat> {
  if (caller.role === 'visitor' && caller.contactId && caller.contactId !== contactId) throw notFound('no such conversation');
  const chat = await visibleChat(deps.contacts, caller, contactId).catch((error: unknown) => {
    throw (error as { code?: string }).code === 'NOT_FOUND' ? notFound('no such conversation') : error;
  });
  checkOrigin(deps.settings.widgetOrigins, chat.target, from.origin);
  return chat;
}

export interface ConversationView extends ContactView {
  id: string;
  title: string | null;
  /** whether the shop's assistant answers this conversation's questions now */
  assistant: boolean;
}

/** POST /v1/chat/conversations: the visitor's open chat with `target`, started if there is none. */
export async function startConversation(
  deps: ConversationDeps,
  caller: Caller,
  body: { target: string; title?: string; userInfo?: Record<string, unknown> },
  from: RequestOrigin,
): Promise<{ created: boolean; conversation: ConversationView }> {
  const visitor = requireConversationVisitor(caller);
  checkOrigin(deps.settings.widgetOrigins, body.target, from.origin);
  await limit(deps, caller, body.target);
  const started = await startChat(deps.starting, { role: 'visitor', userId: visitor.deviceId }, body.target, body.userInfo ?? {}, from);
  const contactId = started.contact.contactId;
  const title = body.title === undefined ? undefined : (await deps.notes.set(contactId, { title: body.title })).title;
  return {
    created: started.created,
    conversation: {
      id: contactId,
      ...contactView(started.contact, 'visitor'),
      title: title ?? null,
      assistant: assistantAnswers(deps.settings.assistantModes, started.contact),
    },
  };
}

/** GET /v1/chat/conversations/{id}: the chat, its newest messages (answers with citations and tokens) and its title. */
export async function readConversation(
  deps: ConversationDeps,
  caller: Caller,
  contactId: string,
  from: RequestOrigin,
): Promise<ContactWithMessages & { id: string; title: string | null; assistant: boolean }> {
  const chat = await conversationOf(deps, caller, contactId, from);
  await limit(deps, caller, chat.target);
  const [contact, notes] = await Promise.all([getContact(deps.history, caller, contactId), deps.notes.getMany([contactId])]);
  return { id: contactId, ...contact, title: notes.get(contactId)?.title ?? null, assistant: assistantAnswers(deps.settings.assistantModes, chat) };
}

/** DELETE /v1/chat/conversations/{id}: ends the chat if open, then deletes it, as DELETE /v1/contacts/{id}. */
export async function deleteConversation(deps: ConversationDeps, caller: Caller, contactId: string, from: RequestOrigin) {
  const chat = await conversationOf(deps, caller, contactId, from);
  await limit(deps, caller, chat.target);
  const deleted = await deleteChat(deps.deletion, caller, contactId);
  return { id: contactId, ...deleted };
}

// ---- asking, and resuming an answer ----

/** `<question seq>.<characters of the answer the client holds>`, or `<question seq>.done` after the end. */
const eventId = (questionSeq: number, offset: number | 'done') => `${questionSeq}.${offset}`;

/** Where a Last-Event-ID resumes: the question and how much of its answer the client has. */
export function parseLastEventId(raw: string): { questionSeq: number; offset: number } {
  const match = /^(\d{1,9})\.(\d{1,9}|done)$/.exec(raw.trim());
  if (!match) throw badRequest('Last-Event-ID must be an event id of this API, like 3.120');
  return { questionSeq: Number(match[1]), offset: match[2] === 'done' ? Number.MAX_SAFE_INTEGER : Number(match[2]) };
}

export interface PreparedAnswer {
  /** the visitor's question: stored now, or earlier (a retried clientMessageId, a resume) */
  question: { id: string; seq: number; duplicate: boolean };
  /** streams the answer's events, then `done`; resolves after `done` */
  stream(emit: Emit): Promise<void>;
}

/**
 * POST /v1/chat/conversations/{id}/messages. Everything that can refuse the request happens here,
 * before a byte of the stream: the answer's stream itself only ever ends with `done` or an error event.
 */
export async function askInConversation(
  deps: ConversationDeps,
  caller: Caller,
  contactId: string,
  request: { body?: { content: string; clientMessageId?: string }; lastEventId?: string },
  from: RequestOrigin,
): Promise<PreparedAnswer> {
  const visitor = requireConversationVisitor(caller);
  const chat = await conversationOf(deps, caller, contactId, from);
  await limit(deps, caller, chat.target);
  if (request.lastEventId !== undefined) {
    const { questionSeq, offset } = parseLastEventId(request.lastEventId);
    return {
      question: { id: messageIdOf(contactId, questionSeq), seq: questionSeq, duplicate: true },
      stream: (emit) => resumeAnswer(deps, caller, contactId, questionSeq, offset, emit),
    };
  }
  if (!request.body) throw badRequest('content is required');
  const sent = await sendChatMessage(
    deps.sending,
    { role: 'visitor', userId: visitor.deviceId },
    { text: request.body.content, contactId, clientMessageId: request.body.clientMessageId },
  );
  const questionSeq = sent.message.seq;
  const question = { id: sent.messageId, seq: questionSeq, duplicate: sent.duplicate };
  // a retry gets the answer of its first attempt, never a second one
  if (sent.duplicate) return { question, stream: (emit) => resumeAnswer(deps, caller, contactId, questionSeq, 0, emit) };
  return {
    question,
    stream: async (emit) => {
      if (!assistantAnswers(deps.settings.assistantModes, sent.contact)) {
        emitHandoff(emit, questionSeq, 0, notAnsweringReason(deps, sent.contact), sent.contact);
        emitDone(emit, question, questionSeq, undefined);
        return;
      }
      let offset = 0;
      const outcome = await answerChat(
        deps.answering,
        { contactId, questionSeq, visitorId: sent.contact.visitorId, target: sent.contact.target },
        {
          onDelta: (text) => {
            offset += text.length;
            emit({ event: 'delta', id: eventId(questionSeq, offset), data: { text } });
          },
        },
      );
      await finish(deps, emit, contactId, question, outcome, offset);
    },
  };
}

/** After the engine: the stored answer's citations, a handoff (with where the chat now waits), then `done`. */
async function finish(deps: ConversationDeps, emit: Emit, contactId: string, question: { id: string; seq: number }, outcome: AnswerOutcome, offset: number): Promise<void> {
  const message = outcome.kind === 'skipped' ? undefined : outcome.message;
  if (message) emitCitations(emit, question.seq, message);
  if (outcome.kind !== 'answered') {
    const chat = await deps.contacts.get(contactId);
    const reason: ConversationHandoffReason = outcome.kind === 'handed-off' ? outcome.reason : chat ? notAnsweringReason(deps, chat) : 'assistant-stopped';
    emitHandoff(emit, question.seq, message?.text.length ?? offset, reason, chat);
  }
  emitDone(emit, question, question.seq, message);
}

function notAnsweringReason(deps: ConversationDeps, chat: Chat): ConversationHandoffReason {
  if (chat.status !== 'queued') return 'with-a-person';
  if (assistantModeOf(deps.settings.assistantModes, chat.target) === 'off') return 'assistant-off';
  return 'assistant-stopped';
}

function emitCitations(emit: Emit, questionSeq: number, message: StoredMessage): void {
  for (const citation of message.citations ?? []) emit({ event: 'citation', id: eventId(questionSeq, message.text.length), data: citation });
}

function emitHandoff(emit: Emit, questionSeq: number, offset: number, reason: ConversationHandoffReason, chat: Chat | undefined): void {
  emit({
    event: 'handoff',
    id: eventId(questionSeq, offset),
    data: { reason, status: chat?.status ?? 'queued', sellerId: chat?.sellerId ?? null, queue: chat?.status === 'queued' ? (chat.queueKey ?? null) : null },
  });
}

function emitDone(emit: Emit, question: { id: string; seq: number }, questionSeq: number, message: StoredMessage | undefined): void {
  emit({
    event: 'done',
    id: eventId(questionSeq, 'done'),
    data: {
      question: { id: question.id, seq: question.seq },
      messageId: message ? messageIdOf(message.contactId, message.seq) : null,
      seq: message?.seq ?? null,
      tokens: message?.tokens ?? null,
    },
  });
}

const RESUME_POLL_MS = 250;

/**
 * A reconnect: the rest of the answer to `questionSeq` from character `offset`. The answer may
 * still be being written by the first stream (another invocation on AWS): it is waited for, as
 * long as the assistant still answers the chat, up to resumeWaitMs.
 */
async function resumeAnswer(deps: ConversationDeps, caller: Caller, contactId: string, questionSeq: number, offset: number, emit: Emit): Promise<void> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const answerId = `${contactId}.a${questionSeq}`;
  const question = { id: messageIdOf(contactId, questionSeq), seq: questionSeq };
  const deadline = Date.now() + deps.settings.resumeWaitMs;
  for (;;) {
    const after = await deps.messages.listAfter(contactId, questionSeq - 1, 50);
    const asked = after.find((message) => message.seq === questionSeq);
    if (!asked || asked.senderRole !== 'visitor' || (caller.role === 'visitor' && asked.senderId !== caller.deviceId)) throw notFound('no such question in this conversation');
    const answer = after.find((message) => message.answerId === answerId);
    const chat = await deps.contacts.get(contactId);
    if (answer) {
      const rest = answer.text.slice(Math.min(offset, answer.text.length));
      if (rest && offset < Number.MAX_SAFE_INTEGER) emit({ event: 'delta', id: eventId(questionSeq, answer.text.length), data: { text: rest } });
      if (offset < Number.MAX_SAFE_INTEGER) emitCitations(emit, questionSeq, answer);
      if (chat && !assistantAnswers(deps.settings.assistantModes, chat)) emitHandoff(emit, questionSeq, answer.text.length, notAnsweringReason(deps, chat), chat);
      emitDone(emit, question, questionSeq, answer);
      return;
    }
    // a newer question is answered instead of this one; a chat the assistant left gets no answer
    const newer = after.some((message) => message.seq > questionSeq && message.senderRole === 'visitor');
    const stillAnswering = chat !== undefined && !newer && assistantAnswers(deps.settings.assistantModes, chat);
    if (!stillAnswering || Date.now() >= deadline) {
      // past the deadline the answer may still come: the client reads it with GET, or resumes again
      if (chat && !stillAnswering) emitHandoff(emit, questionSeq, 0, notAnsweringReason(deps, chat), chat);
      emitDone(emit, question, questionSeq, undefined);
      return;
    }
    await sleep(RESUME_POLL_MS);
  }
}
