/**
 * Who is on each side of a chat, decided once: the visitor is `visitorId`, the seller is `sellerId`
 * (absent while queued). Every "the other side", "is this caller a party" and "this side's mark"
 * question goes through here, and so does the store's DynamoDB condition for a sender.
 */
import type { Identity } from './identity';
import type { Role } from '../protocol/ids';
import type { Chat } from './chat';

export const otherSide = (role: Role): Role => (role === 'visitor' ? 'seller' : 'visitor');

/** The contact attribute that names a side's party. */
export const partyAttribute = (role: Role): 'visitorId' | 'sellerId' => (role === 'visitor' ? 'visitorId' : 'sellerId');

/** The identity on `role`'s side, if that side has one (a queued chat has no seller). */
export function partyOn(contact: Pick<Chat, 'visitorId' | 'sellerId'>, role: Role): Identity | null {
  const userId = contact[partyAttribute(role)];
  return userId ? { role, userId } : null;
}

/** True when `identity` is the party on its own side of the chat. */
export function isParty(contact: Pick<Chat, 'visitorId' | 'sellerId'>, identity: Identity): boolean {
  return contact[partyAttribute(identity.role)] === identity.userId;
}

/** The party facing `sender`: the seller for a visitor (none while queued), the visitor for a seller. */
export function counterpart(contact: Pick<Chat, 'visitorId' | 'sellerId'>, sender: Identity): Identity | null {
  return partyOn(contact, otherSide(sender.role));
}

/**
 * One clause of the rule for writing into a chat: one of `attributes` equals `value` (or, with
 * `differs`, the attribute is not `value`). The store turns the clauses into its condition and
 * checks a refused write's item with the same clauses, so the two can never disagree.
 */
export interface PartyClause {
  attributes: ('visitorId' | 'sellerId' | 'target' | 'status')[];
  value: string;
  differs?: boolean;
}

/**
 * Who may write into a chat: a visitor into its own chat until it ends (`to`, when given, naming
 * its seller or the target it asked for); a seller into a chat assigned to it (`to` naming the visitor).
 */
export function senderClauses(sender: Identity, to?: string): PartyClause[] {
  const own: PartyClause = { attributes: [partyAttribute(sender.role)], value: sender.userId };
  if (sender.role === 'visitor') {
    return [
      own,
      { attributes: ['status'], value: 'ended', differs: true },
      ...(to === undefined ? [] : [{ attributes: ['sellerId', 'target'] as PartyClause['attributes'], value: to }]),
    ];
  }
  return [own, { attributes: ['status'], value: 'assigned' }, ...(to === undefined ? [] : [{ attributes: ['visitorId'] as PartyClause['attributes'], value: to }])];
}

/** True when `chat` meets every clause. */
export function meetsClauses(chat: Partial<Record<PartyClause['attributes'][number], unknown>>, clauses: PartyClause[]): boolean {
  return clauses.every((clause) =>
    clause.differs ? chat[clause.attributes[0] as PartyClause['attributes'][number]] !== clause.value : clause.attributes.some((attribute) => chat[attribute] === clause.value),
  );
}

/** Both parties of a chat, visitor first, for lifecycle events. */
export function parties(contact: Pick<Chat, 'visitorId' | 'sellerId'>): Identity[] {
  return [partyOn(contact, 'visitor'), partyOn(contact, 'seller')].filter((party): party is Identity => party !== null);
}

/** The per-side marks of a contact: how far each side has read, and the seq of its last message. */
export const markAttribute = {
  read: (role: Role) => (role === 'visitor' ? 'visitorReadSeq' : 'sellerReadSeq') as 'visitorReadSeq' | 'sellerReadSeq',
  lastSent: (role: Role) => (role === 'visitor' ? 'lastVisitorSeq' : 'lastSellerSeq') as 'lastVisitorSeq' | 'lastSellerSeq',
};

export type Mark = keyof typeof markAttribute;

/** The seq of `mark` (read, or last sent) on `role`'s side; 0 when none yet. */
export function markOf(contact: Chat, mark: Mark, role: Role): number {
  return contact[markAttribute[mark](role)] ?? 0;
}
