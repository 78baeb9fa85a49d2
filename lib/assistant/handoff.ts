/**
 * The assistant handing a chat to a person, whoever asks for it (the visitor, the model, the engine's
 * confidence, a failure or a limit): the assistant is stopped once, the lifecycle gives the chat to
 * a seller with room or to its queue, and sellers find a note on it: why, what the visitor asked and
 * what the assistant said. A private note (sellers only, never the visitor), pushed to the seller
 * who got the chat, and read by whoever takes it from the queue later.
 */
import { addPrivateNote, type PrivateNoteDeps } from '../chat/private-notes';
import type { ChatLifecycle, HandedOver } from '../chat/lifecycle';
import { metrics } from '../platform/metrics';
import type { HandoffReason } from '../protocol/ids';
import { toChat, type ChatItem, type ChatStore } from '../store/chat-store';

export interface HandoffDeps extends Pick<PrivateNoteDeps, 'privateNotes' | 'delivery'> {
  chats: Pick<ChatStore, 'stopAssistant'>;
  lifecycle: Pick<ChatLifecycle, 'handOver'>;
}

/** What the note quotes: the visitor's question and the assistant's answer, as far as there are any. */
export interface Said {
  question?: string;
  answer?: string;
}

/**
 * Stops the assistant in the chat and hands the chat over, with its note; `said` is read beside the
 * handover. Undefined when the assistant was stopped already (that handover has happened).
 */
export async function handToPerson(deps: HandoffDeps, contactId: string, reason: HandoffReason, said: () => Promise<Said>): Promise<HandedOver | undefined> {
  const line = await deps.chats.stopAssistant(contactId);
  if (!line) return undefined;
  metrics.count(`AssistantHandoffs_${reason}`);
  const [where, quoted] = await Promise.all([deps.lifecycle.handOver(line), said()]);
  await noteHandoff(deps, line, where, reason, quoted);
  return where;
}

const WHY: Record<HandoffReason, string> = {
  requested: 'the visitor asked for a person',
  'low-confidence': 'its documents did not answer the question',
  model: 'the model asked for a person',
  'assistant-unavailable': 'it could not answer (its engine failed or its limits were reached)',
};

/** Long enough to read the question, short enough for a note. */
const QUOTE_CHARS = 500;
const quote = (text: string) => `"${text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text}"`;

export function handoffNoteText(reason: HandoffReason, question: string | undefined, answer: string | undefined): string {
  return [
    `The assistant handed this chat over: ${WHY[reason]}.`,
    question ? `The visitor asked: ${quote(question)}.` : '',
    answer ? `The assistant said: ${quote(answer)}.` : 'The assistant did not answer it.',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Adds the handoff note to the chat as the handover left it. */
async function noteHandoff(deps: Pick<PrivateNoteDeps, 'privateNotes' | 'delivery'>, line: ChatItem, where: HandedOver, reason: HandoffReason, said: Said): Promise<void> {
  const chat = { ...toChat(line), ...(where.sellerId ? { sellerId: where.sellerId } : {}) };
  await addPrivateNote(deps, chat, { role: 'system', name: 'assistant' }, handoffNoteText(reason, said.question, said.answer), 'handoff');
}
