/** Typing indicators (relayed, never stored) and read receipts (stored per side, then relayed). */
import { otherParty, partyContact } from './access';
import type { Identity } from './connections';
import { badRequest } from './errors';
import { eventFrames } from './protocol-events';
import type { Services } from './services';

export type ReceiptDeps = Pick<Services, 'contacts' | 'delivery'>;

/** Relays a typing state to the other side of an open chat; returns how many connections got it. */
export async function relayTyping(
  deps: ReceiptDeps,
  sender: Identity,
  contactId: string,
  state: 'start' | 'stop',
): Promise<number> {
  const contact = await partyContact(deps.contacts, sender, contactId, { open: true });
  const recipient = otherParty(contact, sender);
  if (!recipient) return 0;
  return deps.delivery.toIdentity(recipient, eventFrames.typing({ contactId, state, role: sender.role, from: sender.userId }));
}

/**
 * Raises the sender's read mark to `upToSeq` and tells the other side and the sender's other tabs.
 * A mark that does not move (a repeat, or an older seq) is stored and relayed once only.
 */
export async function markRead(
  deps: ReceiptDeps,
  sender: Identity,
  contactId: string,
  upToSeq: number,
  senderConnectionId?: string,
): Promise<boolean> {
  const contact = await partyContact(deps.contacts, sender, contactId);
  if (upToSeq > contact.nextSeq) throw badRequest(`upToSeq ${upToSeq} is past the chat's last message (${contact.nextSeq})`);
  if (!(await deps.contacts.advanceRead(contactId, sender.role, upToSeq))) return false;
  const frame = eventFrames.read({ contactId, role: sender.role, upToSeq, readAt: new Date().toISOString() });
  const recipient = otherParty(contact, sender);
  await Promise.all([
    recipient ? deps.delivery.toIdentity(recipient, frame) : Promise.resolve(0),
    deps.delivery.toIdentity(sender, frame, senderConnectionId),
  ]);
  return true;
}
