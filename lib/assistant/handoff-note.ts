/**
 * The note a seller finds on a chat the assistant handed over: why, what the visitor asked and what
 * the assistant said. A private note (sellers only, never the visitor), pushed to the seller who got
 * the chat, and read by whoever takes it from the queue later.
 */
import { addPrivateNote, type PrivateNoteDeps } from '../chat/private-notes';
import type { HandedOver } from '../chat/lifecycle';
import type { HandoffReason } from '../protocol/ids';
import { toChat, type ChatItem } from '../store/chat-store';

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
export async function noteHandoff(
  deps: Pick<PrivateNoteDeps, 'privateNotes' | 'delivery'>,
  line: ChatItem,
  where: HandedOver,
  reason: HandoffReason,
  said: { question?: string; answer?: string },
): Promise<void> {
  const chat = { ...toChat(line), ...(where.sellerId ? { sellerId: where.sellerId } : {}) };
  await addPrivateNote(deps, chat, { role: 'system', name: 'assistant' }, handoffNoteText(reason, said.question, said.answer), 'handoff');
}
