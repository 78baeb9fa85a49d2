/**
 * Who may see or act on a contact. REST answers NOT_FOUND for a contact the caller may not see,
 * exactly as for one that does not exist; the WebSocket routes answer FORBIDDEN for both, as the
 * core's sendMessage does. Either way a stranger learns nothing about other people's chats.
 */
import type { Identity } from './connections';
import type { Contact, ContactStore } from './contacts';
import { forbidden, notFound } from './errors';
import type { Caller } from './http-auth';

/** A seller sees the chats assigned to it (open or ended) and the queued ones of its own or its teams' queues. */
export function canSee(caller: Caller, contact: Contact): boolean {
  if (caller.role === 'visitor') return contact.visitorId === caller.deviceId;
  if (contact.sellerId === caller.sellerId) return true;
  return contact.status === 'queued' && contact.queueKey !== undefined && [caller.sellerId, ...caller.teams].includes(contact.queueKey);
}

/** True when the caller is one of the chat's two parties (a queue's seller is not). */
export function isParty(caller: Caller, contact: Contact): boolean {
  return caller.role === 'visitor' ? contact.visitorId === caller.deviceId : contact.sellerId === caller.sellerId;
}

/** The contact, if the caller may see it; NOT_FOUND otherwise. */
export async function visibleContact(contacts: Pick<ContactStore, 'get'>, caller: Caller, contactId: string): Promise<Contact> {
  const contact = await contacts.get(contactId);
  if (!contact || !canSee(caller, contact)) throw notFound('no such contact');
  return contact;
}

/** The contact of a socket's identity: its own chat as visitor, a chat assigned to it as seller; FORBIDDEN otherwise. */
export async function partyContact(
  contacts: Pick<ContactStore, 'get'>,
  sender: Identity,
  contactId: string,
  options: { open?: boolean } = {},
): Promise<Contact> {
  const contact = await contacts.get(contactId);
  const mine = contact && (sender.role === 'visitor' ? contact.visitorId === sender.userId : contact.sellerId === sender.userId);
  if (!contact || !mine) throw forbidden('this chat is not yours');
  if (options.open && contact.status === 'ended') throw forbidden('this chat has ended');
  return contact;
}

/** The other party of a chat, if it has one (a queued chat has no seller). */
export function otherParty(contact: Contact, sender: Identity): Identity | null {
  if (sender.role === 'seller') return { role: 'visitor', userId: contact.visitorId };
  return contact.sellerId && contact.status === 'assigned' ? { role: 'seller', userId: contact.sellerId } : null;
}

/** Both parties of a chat, for lifecycle events. */
export function parties(contact: Contact): Identity[] {
  const visitor: Identity = { role: 'visitor', userId: contact.visitorId };
  return contact.sellerId ? [visitor, { role: 'seller', userId: contact.sellerId }] : [visitor];
}
