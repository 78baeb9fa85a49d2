/**
 * Who is on each side of a chat, decided once: the visitor is `visitorId`, the seller is `sellerId`
 * (absent while queued). Every "the other side", "is this caller a party" and "this side's mark"
 * question goes through here, and so does the store's DynamoDB condition for a sender.
 */
import type { Identity } from './identity';
import type { Role } from '../protocol/ids';
import type { Contact } from './chat';

export const otherSide = (role: Role): Role => (role === 'visitor' ? 'seller' : 'visitor');

/** The contact attribute that names a side's party. */
export const partyAttribute = (role: Role): 'visitorId' | 'sellerId' => (role === 'visitor' ? 'visitorId' : 'sellerId');

/** The identity on `role`'s side, if that side has one (a queued chat has no seller). */
export function partyOn(contact: Pick<Contact, 'visitorId' | 'sellerId'>, role: Role): Identity | null {
  const userId = contact[partyAttribute(role)];
  return userId ? { role, userId } : null;
}

/** True when `identity` is the party on its own side of the chat. */
export function isParty(contact: Pick<Contact, 'visitorId' | 'sellerId'>, identity: Identity): boolean {
  return contact[partyAttribute(identity.role)] === identity.userId;
}

/** The party facing `sender`: the seller for a visitor (none while queued), the visitor for a seller. */
export function counterpart(contact: Pick<Contact, 'visitorId' | 'sellerId'>, sender: Identity): Identity | null {
  return partyOn(contact, otherSide(sender.role));
}

/** Both parties of a chat, visitor first, for lifecycle events. */
export function parties(contact: Pick<Contact, 'visitorId' | 'sellerId'>): Identity[] {
  return [partyOn(contact, 'visitor'), partyOn(contact, 'seller')].filter((party): party is Identity => party !== null);
}

/** The per-side marks of a contact: how far each side has read, and the seq of its last message. */
export const markAttribute = {
  read: (role: Role) => (role === 'visitor' ? 'visitorReadSeq' : 'sellerReadSeq') as 'visitorReadSeq' | 'sellerReadSeq',
  lastSent: (role: Role) => (role === 'visitor' ? 'lastVisitorSeq' : 'lastSellerSeq') as 'lastVisitorSeq' | 'lastSellerSeq',
};

export type Mark = keyof typeof markAttribute;

/** The seq of `mark` (read, or last sent) on `role`'s side; 0 when none yet. */
export function markOf(contact: Contact, mark: Mark, role: Role): number {
  return contact[markAttribute[mark](role)] ?? 0;
}
