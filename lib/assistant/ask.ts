/** Whether a stored message should wake the shop's assistant: a visitor's new message in a waiting chat whose target turned it on. */
import type { SentMessage } from '../chat/send-message';
import type { Identity } from '../model/identity';
import { assistantModeOf, type AssistantMode } from '../routing/target-rules';

export function shouldAskAssistant(modes: Record<string, AssistantMode>, sender: Identity, sent: SentMessage): boolean {
  if (sender.role !== 'visitor' || sent.duplicate) return false;
  const chat = sent.contact;
  return chat.status === 'queued' && !chat.assistantOff && assistantModeOf(modes, chat.target) !== 'off';
}
