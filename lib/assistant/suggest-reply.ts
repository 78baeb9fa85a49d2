/**
 * "Suggest a reply" for a seller: a draft from the chat's target's knowledge and the chat's last
 * messages, streamed to the asking connection only (`suggestionDelta`, then `suggestionDone`). It is
 * never stored and never reaches the visitor: the seller edits it and sends it as any reply.
 */
import { EngineUnavailable, type AnswerEngine, type AnswerEvent } from '../answering/engine';
import type { Retriever } from '../knowledge/passage';
import type { Identity } from '../model/identity';
import { rateLimited, unavailable } from '../platform/errors';
import { frames } from '../protocol/outbound';
import type { Delivery } from '../realtime/delivery';
import type { MessageStore } from '../store/message-store';
import type { ChatReader } from '../chat/chat-reader';
import { partyChat } from '../chat/visibility';
import { AnswerLimitReached, type AnswerBudget } from './budget';
import { CONTEXT_MESSAGES, contextBefore, streamAnswer } from './stream-answer';

export interface SuggestReplyDeps {
  contacts: ChatReader;
  messages: Pick<MessageStore, 'latest'>;
  delivery: Pick<Delivery, 'reply'>;
  retriever: Retriever;
  budget: Pick<AnswerBudget, 'claim' | 'charge'>;
  /** the engine that answers the chat's target */
  engineFor: (target: string) => Promise<AnswerEngine>;
  now?: () => number;
}

/** Streams a draft reply to the visitor's last message to `connectionId`; resolves with the draft's text. */
export async function suggestReply(deps: SuggestReplyDeps, seller: Identity, connectionId: string, contactId: string): Promise<string> {
  const now = deps.now ?? Date.now;
  const chat = await partyChat(deps.contacts, seller, contactId, { open: true });
  const recent = (await deps.messages.latest(contactId, CONTEXT_MESSAGES + 1)).filter((message) => !message.deletedAt);
  const question = [...recent].reverse().find((message) => message.senderRole === 'visitor');
  const suggestionId = `${contactId}.s${now()}`;
  const finish = async (text: string, citations: Extract<AnswerEvent, { kind: 'done' }>['citations']) => {
    await deps.delivery.reply(connectionId, frames.suggestionDone({ contactId, suggestionId, text, citations }));
    return text;
  };
  if (!question) return finish('', []);

  let version: number;
  try {
    ({ version } = await deps.budget.claim(chat.target));
  } catch (error) {
    if (error instanceof AnswerLimitReached) throw rateLimited(`the assistant reached its ${error.limit} for this shop; write the reply yourself, or try again later`, 60);
    throw error;
  }
  const retrieved = await deps.retriever.retrieve(chat.target, question.text, { version });
  const sendDelta = (delta: string) => deps.delivery.reply(connectionId, frames.suggestionDelta({ contactId, suggestionId, delta }));
  let done;
  try {
    const request = { question: question.text, history: contextBefore(recent, question.seq), passages: retrieved.passages, queryTerms: retrieved.queryTerms };
    ({ done } = await streamAnswer(await deps.engineFor(chat.target), request, sendDelta, now));
  } catch (error) {
    if (error instanceof EngineUnavailable) throw unavailable('the assistant cannot suggest a reply right now; try again in a moment');
    throw error;
  }
  if (done) deps.budget.charge(chat.target, done.tokens);
  // a draft is only text the seller may send: an engine's "I don't know" is a draft too
  return finish(done?.text ?? '', done?.citations ?? []);
}
