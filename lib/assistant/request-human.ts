/**
 * "Talk to a person": the visitor stops the shop's assistant in its chat, and the chat goes to a
 * person through the lifecycle (a seller with room, else its queue, with the reason it waits).
 * Never silent: the answer is an `assistantHandoff` frame saying where the chat is now, or an error
 * saying why not.
 */
import { partyChat } from '../chat/visibility';
import type { ChatReader } from '../chat/chat-reader';
import type { HandedOver } from '../chat/lifecycle';
import type { Identity } from '../model/identity';
import { frames } from '../protocol/outbound';
import type { ChatStore } from '../store/chat-store';
import type { MessageStore } from '../store/message-store';
import { handToPerson, type HandoffDeps } from './handoff';
import { CONTEXT_MESSAGES } from './stream-answer';

export interface RequestHumanDeps extends HandoffDeps {
  contacts: ChatReader;
  chats: Pick<ChatStore, 'stopAssistant' | 'getChat'>;
  messages: Pick<MessageStore, 'latest'>;
}

export async function requestHuman(deps: RequestHumanDeps, sender: Identity, contactId: string) {
  const chat = await partyChat(deps.contacts, sender, contactId, { open: true });
  const where = chat.assistantOff ? { status: chat.status, ...(chat.sellerId ? { sellerId: chat.sellerId } : {}) } : await handOver(deps, contactId);
  return frames.assistantHandoff({ contactId, reason: 'requested', status: where.status, ...(where.queue ? { queue: where.queue } : {}) });
}

/** Hands the chat over, its note quoting the visitor's last question and the assistant's last answer; when someone else stopped the assistant first, where the chat is now. */
async function handOver(deps: RequestHumanDeps, contactId: string): Promise<HandedOver> {
  const lastSaid = async () => {
    const recent = await deps.messages.latest(contactId, CONTEXT_MESSAGES);
    const lastOf = (role: string) => [...recent].reverse().find((message) => message.senderRole === role && !message.deletedAt)?.text;
    return { question: lastOf('visitor'), answer: lastOf('assistant') };
  };
  const where = await handToPerson(deps, contactId, 'requested', lastSaid);
  if (where) return where;
  const current = await deps.chats.getChat(contactId);
  return { status: current?.status ?? 'ended' };
}
