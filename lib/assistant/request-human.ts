/**
 * "Talk to a person": the visitor stops the shop's assistant in its chat. The chat already waits in
 * its queue (the assistant answers only there), where sellers see it; the visitor is told so. Never
 * silent: the answer is an `assistantHandoff` frame, or an error saying why not.
 */
import { partyChat } from '../chat/visibility';
import type { ChatReader } from '../chat/chat-reader';
import type { Identity } from '../model/identity';
import { metrics } from '../platform/metrics';
import { frames } from '../protocol/outbound';
import type { ChatStore } from '../store/chat-store';

export interface RequestHumanDeps {
  contacts: ChatReader;
  chats: Pick<ChatStore, 'stopAssistant'>;
}

export async function requestHuman(deps: RequestHumanDeps, sender: Identity, contactId: string) {
  const chat = await partyChat(deps.contacts, sender, contactId, { open: true });
  if (!chat.assistantOff) {
    await deps.chats.stopAssistant(contactId);
    metrics.count('AssistantHandoffs_requested');
  }
  return frames.assistantHandoff({ contactId, reason: 'requested', status: chat.status });
}
