/**
 * The shop's assistant answering one visitor message of a waiting chat. It runs in its own function,
 * invoked asynchronously by sendMessage, so the message path neither waits for it nor bundles the
 * retrieval and the engines. The answer streams to the visitor as `assistantDelta` frames, at most
 * one per DELTA_EVERY_MS of writing, then is stored once as a message with role `assistant`, its
 * citations and token counts, and pushed as an ordinary message frame. It takes a seq only while
 * the chat still waits and the visitor has not asked for a person, so it never talks over a seller.
 * A handoff (the engine is not confident, the model asks, the engine fails) turns the assistant off
 * for the chat, gives the chat to a person (a seller with room, else its queue) and tells the visitor.
 */
import { EngineUnavailable, type AnswerEngine } from '../answering/engine';
import type { Citation, Retriever } from '../knowledge/passage';
import type { Identity } from '../model/identity';
import type { Logger } from '../platform/logger';
import { metrics } from '../platform/metrics';
import type { HandoffReason } from '../protocol/ids';
import { frames } from '../protocol/outbound';
import type { Delivery } from '../realtime/delivery';
import type { ChatStore } from '../store/chat-store';
import type { IdentityStore } from '../store/identity-store';
import type { MessageStore, StoredMessage } from '../store/message-store';
import type { ChatLifecycle } from '../chat/lifecycle';
import type { PrivateNoteDeps } from '../chat/private-notes';
import { handToPerson, type Said } from './handoff';
import { messageFrame } from '../chat/message-frame';
import { AnswerLimitReached, type AnswerBudget } from './budget';
import { CONTEXT_MESSAGES, contextBefore, streamAnswer } from './stream-answer';

/** The sender id the assistant's messages carry. */
export const ASSISTANT_ID = 'assistant';

export interface AnswerJob {
  contactId: string;
  /** the visitor's message to answer */
  questionSeq: number;
  /** the chat's visitor and target, as the message's write found them (saves a read; the answer's write checks the chat still waits) */
  visitorId: string;
  target: string;
}

export interface AnswerChatDeps {
  chats: Pick<ChatStore, 'takeAssistantTurn' | 'stopAssistant'>;
  lifecycle: Pick<ChatLifecycle, 'handOver'>;
  /** the handoff note, for sellers only */
  privateNotes: PrivateNoteDeps['privateNotes'];
  messages: Pick<MessageStore, 'latest' | 'put'>;
  identities: Pick<IdentityStore, 'getMany'>;
  delivery: Pick<Delivery, 'push' | 'audiences' | 'tell'>;
  retriever: Retriever;
  /** the target's limits, claimed in the read of its knowledge version */
  budget: Pick<AnswerBudget, 'claim' | 'charge'>;
  /** the engine that answers the chat's target */
  engineFor: (target: string) => Promise<AnswerEngine>;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => number;
}

/** Who else hears the answer as it is written: the conversation API's event stream (the visitor's sockets get it anyway). */
export interface AnswerListener {
  onDelta?(delta: string): void;
}

export type AnswerOutcome =
  | { kind: 'skipped'; why: string }
  | { kind: 'answered'; message: StoredMessage; firstDeltaMs: number | undefined }
  | { kind: 'handed-off'; reason: HandoffReason; message?: StoredMessage };

/** Answers the visitor's message `job.questionSeq` of a waiting chat, or says why it did not. */
export async function answerChat(deps: AnswerChatDeps, job: AnswerJob, listener: AnswerListener = {}): Promise<AnswerOutcome> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const recent = await deps.messages.latest(job.contactId, CONTEXT_MESSAGES + 1);
  const question = recent.find((message) => message.seq === job.questionSeq && message.senderRole === 'visitor');
  if (!question) return { kind: 'skipped', why: 'no such visitor message' };
  // a later question is answered by its own job, with this one in its context
  if (recent.some((message) => message.seq > job.questionSeq && message.senderRole === 'visitor')) return { kind: 'skipped', why: 'a newer question' };

  const visitor: Identity = { role: 'visitor', userId: job.visitorId };
  // four requests in all: the messages, the knowledge version (its passages only when they changed), the visitor's connections, then the answer's seq and the answer
  // retrieval runs beside the read of the visitor's connections; its failure is handled where it is awaited
  const retrieval = Promise.all([deps.budget.claim(job.target).then(({ version }) => deps.retriever.retrieve(job.target, question.text, { version })), deps.engineFor(job.target)]);
  retrieval.catch(() => undefined);
  const items = await deps.identities.getMany([visitor]);
  const audiences = deps.delivery.audiences([visitor], items);
  const answerId = `${job.contactId}.a${job.questionSeq}`;

  let firstDeltaMs: number | undefined;
  const sendDelta = (delta: string) => {
    firstDeltaMs ??= now() - startedAt;
    listener.onDelta?.(delta);
    return deps.delivery.push(audiences, frames.assistantDelta({ contactId: job.contactId, answerId, delta }));
  };

  let streamed;
  try {
    const [retrieved, engine] = await retrieval;
    const request = { question: question.text, history: contextBefore(recent, job.questionSeq), passages: retrieved.passages, queryTerms: retrieved.queryTerms };
    streamed = await streamAnswer(engine, request, sendDelta, now);
  } catch (error) {
    // an outage of the engine and a limit reached are expected now and then; anything else is a fault to look into, but the visitor still gets a person
    if (error instanceof AnswerLimitReached) {
      metrics.count(`AssistantLimited_${error.limit === 'tokens per day' ? 'tokens' : 'answers'}`);
      deps.log.warn('assistant limit reached', { contactId: job.contactId, target: job.target, limit: error.limit });
    } else if (error instanceof EngineUnavailable) deps.log.warn('assistant engine unavailable', { contactId: job.contactId, error: error.cause ?? error });
    else deps.log.error('assistant failed', { contactId: job.contactId, error });
    return handOff(deps, job.contactId, audiences, 'assistant-unavailable', { question: question.text });
  }
  const { done, handoff } = streamed;

  if (done) deps.budget.charge(job.target, done.tokens);
  const message = done && (await storeAnswer(deps, job.contactId, visitor, answerId, done.text, done.citations, done.tokens, now));
  if (message) {
    await deps.delivery.push(audiences, await messageFrame(message));
    metrics.count('AssistantAnswers');
    if (firstDeltaMs !== undefined) metrics.timing('AssistantFirstDeltaMs', firstDeltaMs);
    metrics.count('AssistantInputTokens', message.tokens?.input ?? 0);
    metrics.count('AssistantOutputTokens', message.tokens?.output ?? 0);
  }
  if (handoff)
    return {
      ...(await handOff(deps, job.contactId, audiences, handoff.reason, { question: question.text, answer: message ? message.text : undefined })),
      ...(message ? { message } : {}),
    };
  if (!message) return { kind: 'skipped', why: 'a person took the chat, or the visitor asked for one, meanwhile' };
  deps.log.info('assistant answered', { contactId: job.contactId, seq: message.seq, citations: message.citations?.length ?? 0, firstDeltaMs });
  return { kind: 'answered', message, firstDeltaMs };
}

/** Stores the answer at a seq of its own, if the chat still waits for the assistant. */
async function storeAnswer(
  deps: AnswerChatDeps,
  contactId: string,
  visitor: Identity,
  answerId: string,
  text: string,
  citations: Citation[],
  tokens: { input: number; output: number },
  now: () => number,
): Promise<StoredMessage | undefined> {
  const turn = await deps.chats.takeAssistantTurn(contactId);
  if (!turn) return undefined;
  const draft: StoredMessage = {
    contactId,
    seq: turn.seq,
    senderRole: 'assistant',
    senderId: ASSISTANT_ID,
    recipientId: visitor.userId,
    text,
    createdAt: new Date(now()).toISOString(),
    answerId,
    citations,
    tokens,
  };
  return (await deps.messages.put(draft)).message;
}

/**
 * The assistant stops answering this chat and hands it to a person through the lifecycle (a seller
 * with room, else its queue); the visitor is told where it is now. When the visitor asked for a
 * person meanwhile, that request handed it over already, and said so.
 */
async function handOff(deps: AnswerChatDeps, contactId: string, audiences: ReturnType<Delivery['audiences']>, reason: HandoffReason, said: Said): Promise<AnswerOutcome> {
  const where = await handToPerson(deps, contactId, reason, async () => said);
  if (!where) return { kind: 'skipped', why: 'the assistant was stopped meanwhile' };
  deps.log.info('assistant handed off', { contactId, reason, status: where.status, sellerId: where.sellerId });
  await deps.delivery.push(audiences, frames.assistantHandoff({ contactId, reason, status: where.status, ...(where.queue ? { queue: where.queue } : {}) }));
  return { kind: 'handed-off', reason };
}
