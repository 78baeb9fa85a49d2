/**
 * Who may see or act on a contact. REST answers NOT_FOUND for a contact the caller may not see,
 * exactly as for one that does not exist; the WebSocket routes answer FORBIDDEN for both, as
 * sendMessage does. Either way a stranger learns nothing about other people's chats.
 */
import type { Chat } from '../model/chat';
import { isParty } from '../model/parties';
import { forbidden, notFound } from '../platform/errors';
import type { Caller } from '../access/callers';
import type { Identity } from '../model/identity';

type ChatReader = { get(contactId: string): Promise<Chat | undefined> };

/** A seller sees the chats assigned to it (open or ended) and the queued ones of its own or its teams' queues. */
export function canSee(caller: Caller, contact: Chat): boolean {
  if (caller.role === 'visitor') return contact.visitorId === caller.deviceId;
  if (contact.sellerId === caller.sellerId) return true;
  return contact.status === 'queued' && contact.queueKey !== undefined && [caller.sellerId, ...caller.teams].includes(contact.queueKey);
}

/** The contact, if the caller may see it; NOT_FOUND otherwise. */
export async function visibleChat(contacts: ChatReader, caller: Caller, contactId: string): Promise<Chat> {
  const contact = await contacts.get(contactId);
  if (!contact || !canSee(caller, contact)) throw notFound('no such contact');
  return contact;
}

/** The contact of a socket's identity: its own chat as visitor, a chat assigned to it as seller; FORBIDDEN otherwise. */
export async function partyChat(contacts: ChatReader, sender: Identity, contactId: string, options: { open?: boolean } = {}): Promise<Chat> {
  const contact = await contacts.get(contactId);
  if (!contact || !isParty(contact, sender)) throw forbidden('this chat is not yours');
  if (options.open && contact.status === 'ended') throw forbidden('this chat has ended');
  return contact;
}
