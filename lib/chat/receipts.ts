/** Typing indicators (relayed, never stored) and read receipts (stored per side on the chat's line, then relayed). */
import type { Identity } from '../model/identity';
import { partyChat } from './visibility';
import { badRequest } from '../platform/errors';
import { frames } from '../protocol/outbound';
import type { Delivery } from '../realtime/delivery';
import type { ChatStore } from '../store/chat-store';
import type { ChatReader } from './chat-reader';
import { counterpart } from '../model/parties';

export interface ReceiptDeps {
  contacts: ChatReader;
  chats: Pick<ChatStore, 'markRead'>;
  delivery: Pick<Delivery, 'tell'>;
}

/** Relays a typing state to the other side of an open chat; returns how many connections got it. */
export async function relayTyping(deps: Pick<ReceiptDeps, 'contacts' | 'delivery'>, sender: Identity, contactId: string, state: 'start' | 'stop'): Promise<number> {
  const contact = await partyChat(deps.contacts, sender, contactId, { open: true });
  const recipient = counterpart(contact, sender);
  if (!recipient) return 0;
  const reached = await deps.delivery.tell([recipient], frames.typing({ contactId, state, role: sender.role, from: sender.userId }));
  return [...reached.values()].reduce((sum, count) => sum + count, 0);
}

/**
 * Raises the sender's read mark to `upToSeq` and tells the other side and the sender's other tabs.
 * A mark that does not move (a repeat, or an older seq) is stored and relayed once only.
 */
export async function markRead(deps: ReceiptDeps, sender: Identity, contactId: string, upToSeq: number, senderConnectionId?: string): Promise<boolean> {
  const { raised, chat } = await deps.chats.markRead(contactId, sender, upToSeq);
  if (!raised || !chat) {
    // explain the refusal: not the sender's chat, a seq past the end, or a mark that did not move
    const contact = await partyChat(deps.contacts, sender, contactId);
    if (upToSeq > contact.lastSeq) throw badRequest(`upToSeq ${upToSeq} is past the chat's last message (${contact.lastSeq})`);
    return false;
  }
  const frame = frames.read({ contactId, role: sender.role, upToSeq, readAt: new Date().toISOString() });
  const recipient = counterpart({ visitorId: chat.visitorId as string, sellerId: chat.sellerId }, sender);
  await deps.delivery.tell(recipient ? [recipient, sender] : [sender], frame, senderConnectionId);
  return true;
}
