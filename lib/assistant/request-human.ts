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

export interface RequestHumanDeps {
  contacts: ChatReader;
  chats: Pick<ChatStore, 'stopAssistant' | 'getChat'>;
  lifecycle: Pick<ChatLifecycle, 'handOver'>;
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
  return deps.lifecycle.handOver(line);
}
