/**
 * "Talk to a person": the visitor stops the shop's assistant in its chat, and the chat goes to a
 * person through the lifecycle (a seller with room, else its queue, with the reason it waits).
 * Never silent: the answer is an `assistantHandoff` frame saying where the chat is now, or an error
 * saying why not.
 */
import { partyChat } from '../chat/visibility';
import type { ChatReader } from '../chat/chat-reader';
import type { ChatLifecycle, HandedOver } from '../chat/lifecycle';
import type { Identity } from '../model/identity';
import { metrics } from '../platform/metrics';
import { frames } from '../protocol/outbound';
import type { ChatStore } from '../store/chat-store';
import type { MessageStore } from '../store/message-store';
import type { PrivateNoteDeps } from '../chat/private-notes';
import { noteHandoff } from './handoff-note';
import { CONTEXT_MESSAGES } from './stream-answer';

export interface RequestHumanDeps {
  contacts: ChatReader;
  chats: Pick<ChatStore, 'stopAssistant' | 'getChat'>;
  lifecycle: Pick<ChatLifecycle, 'handOver'>;
  messages: Pick<MessageStore, 'latest'>;
  privateNotes: PrivateNoteDeps['privateNotes'];
  delivery: PrivateNoteDeps['delivery'];
}

export async function requestHuman(deps: RequestHumanDeps, sender: Identity, contactId: string) {
  const chat = await partyChat(deps.contacts, sender, contactId, { open: true });
  const where = chat.assistantOff ? { status: chat.status, ...(chat.sellerId ? { sellerId: chat.sellerId } : {}) } : await handOver(deps, contactId);
  return frames.assistantHandoff({ contactId, reason: 'requested', status: where.status, ...(where.queue ? { queue: where.queue } : {}) });
}

/** Stops the assistant and hands the chat over; when someone else stopped it first, where the chat is now. */
async function handOver(deps: RequestHumanDeps, contactId: string): Promise<HandedOver> {
  const line = await deps.chats.stopAssistant(contactId);
  if (!line) {
    const current = await deps.chats.getChat(contactId);
    return { status: current?.status ?? 'ended' };
  }
  metrics.count('AssistantHandoffs_requested');
  const [where, recent] = await Promise.all([deps.lifecycle.handOver(line), deps.messages.latest(contactId, CONTEXT_MESSAGES)]);
  // the note says what the visitor last asked and what the assistant last said
  const lastOf = (role: string) => [...recent].reverse().find((message) => message.senderRole === role && !message.deletedAt)?.text;
  await noteHandoff(deps, line, where, 'requested', { question: lastOf('visitor'), answer: lastOf('assistant') });
  return where;
}
