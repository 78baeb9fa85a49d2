/** Whether a stored message should wake the shop's assistant: a visitor's new message in a waiting chat whose target turned it on. */
import type { SentMessage } from '../chat/send-message';
import type { Chat } from '../model/chat';
import type { Identity } from '../model/identity';
import { assistantModeOf, type AssistantMode } from '../routing/target-rules';

export function shouldAskAssistant(modes: Record<string, AssistantMode>, sender: Identity, sent: SentMessage): boolean {
  if (sender.role !== 'visitor' || sent.duplicate) return false;
  return assistantAnswers(modes, sent.contact);
}

/** True while the shop's assistant answers `chat`: it waits, its target turned the assistant on, and its visitor did not ask for a person. */
export function assistantAnswers(modes: Record<string, AssistantMode>, chat: Pick<Chat, 'status' | 'assistantOff' | 'target'>): boolean {
  return chat.status === 'queued' && !chat.assistantOff && assistantModeOf(modes, chat.target) !== 'off';
}
