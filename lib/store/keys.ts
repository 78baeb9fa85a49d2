/**
 * The key of every item the stores write, in one place; the stores and the tests build keys here.
 *
 * The chats table holds a visitor's chats with one target:
 *
 * | item | pk | what |
 * |---|---|---|
 * | the line of a visitor and a target | `L#<lineKey>` | the chat open on it now (status, seller, seq, marks, limits), or a stub once it ended |
 * | an ended chat | `C#<contactId>` | the chat as it ended, for the history API |
 * | a chat's notes | `N#<contactId>` | the seller's title and tags |
 * | an attachment | `A#<attachmentId>` | its chat, uploader, name, type, size and object key, written when its upload form is issued |
 *
 * `lineKey` is a hash of the visitor and the target, so a frame that names only its target finds
 * its chat by key; a contactId starts with its lineKey, so a frame that names the chat does too.
 *
 * The routing table holds who is connected and who may take chats:
 *
 * | item | pk | sk |
 * |---|---|---|
 * | a visitor: its connections, open chats, undelivered chats, chat-start limit | `visitor#<visitorId>` | `identity` |
 * | a seller: connections, chats (its capacity), presence, teams, its own queue's count | `seller#<sellerId>` | `state` |
 * | a target (a seller's or a team's id, as InitChat names it): a team's members | `target#<id>` | `target` |
 * | how many chats wait in a target's queue: a small item of its own, since it is written at every queue entry and exit and a write is billed on the item's size (docs/scaling.md) | `target#<id>` | `queue` |
 * | a rate-limit bucket (per source address) | `rate#<bucket>` | `bucket` |
 * | a label on a chat, under the chat's target (GET /v1/contacts?label= reads one partition) | `label#<target>#<label>` | `<contactId>` |
 * | a seller's or a team's saved replies | `replies#seller#<sellerId>` or `replies#team#<teamId>` | `R#<replyId>` |
 * | a target's satisfaction ratings of one UTC day: count and sum, raised with an ADD | `target#<id>` | `ratings#<yyyy-mm-dd>` |
 * | the health probe (never written) | `health` | `probe` |
 *
 * The messages table is keyed by `contactId` and `seq`; a chat's private notes sit in a partition of
 * their own, `<contactId>#notes` (lib/store/private-note-store.ts), which no visitor's read queries.
 *
 * The knowledge table holds each target's knowledge base under `pk` `T#<target>` (lib/store/knowledge-store.ts):
 *
 * | item | sk | what |
 * |---|---|---|
 * | the target's knowledge version | `version` | bumped by every change (read per question to keep a cached index fresh), and the document count |
 * | a document | `D#<docId>` | title, url, format, size, its passage count and current revision |
 * | a passage | `P#<docId>#<revision>#<n>` | heading path and text; a document's passages are written under a new revision before the document item names it |
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Identity } from '../model/identity';

export type RoutingKey = { pk: string; sk: string };

/** Visitors and sellers live in separate namespaces: `visitor#42` never receives `seller#42`'s pushes. */
export function identityKey(identity: Identity): string {
  return `${identity.role}#${identity.userId}`;
}

export const routingKeys = {
  identity: (identity: Identity): RoutingKey => ({ pk: identityKey(identity), sk: identity.role === 'seller' ? 'state' : 'identity' }),
  sellerState: (sellerId: string): RoutingKey => routingKeys.identity({ role: 'seller', userId: sellerId }),
  visitor: (visitorId: string): RoutingKey => routingKeys.identity({ role: 'visitor', userId: visitorId }),
  target: (targetId: string): RoutingKey => ({ pk: `target#${targetId}`, sk: 'target' }),
  targetQueue: (targetId: string): RoutingKey => ({ pk: `target#${targetId}`, sk: 'queue' }),
  rateBucket: (bucket: string): RoutingKey => ({ pk: `rate#${bucket}`, sk: 'bucket' }),
  healthProbe: (): RoutingKey => ({ pk: 'health', sk: 'probe' }),
  /** one label's partition under a target: one item per chat carrying it */
  labelPartition: (targetId: string, label: string) => `label#${targetId}#${label}`,
  label: (targetId: string, label: string, contactId: string): RoutingKey => ({ pk: routingKeys.labelPartition(targetId, label), sk: contactId }),
  savedReplies: (owner: { kind: 'seller' | 'team'; id: string }) => `replies#${owner.kind}#${owner.id}`,
  savedReply: (owner: { kind: 'seller' | 'team'; id: string }, replyId: string): RoutingKey => ({ pk: routingKeys.savedReplies(owner), sk: `R#${replyId}` }),
  ratingDay: (targetId: string, day: string): RoutingKey => ({ pk: `target#${targetId}`, sk: `ratings#${day}` }),
};

const LINE_KEY_LENGTH = 22; // 132 bits of SHA-256 in base64url

/** The line of `visitorId` and `target`: where their open chat (if any) lives. */
export function lineKeyOf(visitorId: string, target: string): string {
  return createHash('sha256').update(`${visitorId}\n${target}`).digest('base64url').slice(0, LINE_KEY_LENGTH);
}

/** A new contactId on a line: the line's key, a dot, and 48 random bits. */
export function newContactId(lineKey: string): string {
  return `${lineKey}.${randomBytes(6).toString('base64url')}`;
}

/** The line a contactId belongs to; undefined for an id that is not one of ours. */
export function lineKeyOfContact(contactId: string): string | undefined {
  const [lineKey, suffix, extra] = contactId.split('.');
  if (extra !== undefined || !suffix || lineKey?.length !== LINE_KEY_LENGTH || !/^[A-Za-z0-9_-]+$/.test(lineKey + suffix)) return undefined;
  return lineKey;
}

export const chatKeys = {
  line: (lineKey: string) => ({ pk: `L#${lineKey}` }),
  ended: (contactId: string) => ({ pk: `C#${contactId}` }),
  notes: (contactId: string) => ({ pk: `N#${contactId}` }),
  attachment: (attachmentId: string) => ({ pk: `A#${attachmentId}` }),
};

export const knowledgeKeys = {
  partition: (target: string) => `T#${target}`,
  version: (target: string) => ({ pk: knowledgeKeys.partition(target), sk: 'version' }),
  document: (target: string, docId: string) => ({ pk: knowledgeKeys.partition(target), sk: `D#${docId}` }),
  /** the sort-key prefix of one revision's passages; zero-padded numbers keep them in document order */
  passagePrefix: (docId: string, revision: string) => `P#${docId}#${revision}#`,
  passage: (target: string, docId: string, revision: string, n: number) => ({
    pk: knowledgeKeys.partition(target),
    sk: `${knowledgeKeys.passagePrefix(docId, revision)}${String(n).padStart(5, '0')}`,
  }),
};

export const messageKey = (contactId: string, seq: number) => ({ contactId, seq });

/** A message's public id: its chat and its seq, so the id alone finds the message. */
export const messageIdOf = (contactId: string, seq: number) => `${contactId}.${seq}`;

/** The seq of a message id of `contactId`; undefined when the id is not one of that chat's. */
export function seqOfMessageId(contactId: string, messageId: string): number | undefined {
  if (!messageId.startsWith(`${contactId}.`)) return undefined;
  const tail = messageId.slice(contactId.length + 1);
  return /^[1-9]\d{0,9}$/.test(tail) ? Number(tail) : undefined;
}

/** A new attachment id: 128 random bits, so neither it nor its object key can be guessed. */
export function newAttachmentId(): string {
  return randomBytes(16).toString('base64url');
}

/** The prefix of a chat's files in the attachments bucket: deleting the chat lists them by it. */
export function attachmentsPrefix(contactId: string): string {
  return `chats/${contactId}/`;
}

/** Where an attachment's file lies in the attachments bucket: under its chat, so deleting a chat finds its files by prefix. */
export function attachmentObjectKey(contactId: string, attachmentId: string): string {
  return `${attachmentsPrefix(contactId)}${attachmentId}`;
}
