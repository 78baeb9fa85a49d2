/**
 * Reading chats: a seller's lists, a visitor's past chats, one contact with its latest messages,
 * and the ordered message list that is also the REST fallback's receive path. Nothing here writes.
 * A chat's userInfo is kept with its visitor while the chat is open, and with the chat once it
 * ended; a list reads the visitors it needs in one request.
 */
import * as z from 'zod/mini';
import type { Caller, SellerCaller, VisitorCaller } from '../access/callers';
import { canSee, visibleChat } from './visibility';
import { badRequest, forbidden, notFound } from '../platform/errors';
import { ContactStatus } from '../protocol/ids';
import type { VisitorContextView } from '../protocol/outbound';
import type { ContactList, ContactView, ContactWithMessages, EarlierChat, MessagePage } from '../protocol/views';
import type { ChatPage, ChatQueries, PagePosition } from '../store/chat-queries';
import type { IdentityStore } from '../store/identity-store';
import { identityKey, lineKeyOfContact } from '../store/keys';
import { toChat, type ChatItem } from '../store/chat-store';
import type { NoteStore, Notes } from '../store/note-store';
import type { MessageStore } from '../store/message-store';
import type { VisitorItem } from '../store/visitor-store';
import type { PrivateNoteStore } from '../store/private-note-store';
import type { Chat } from '../model/chat';
import type { ChatReader } from './chat-reader';
import { messageFrame } from './message-frame';
import { markOf } from '../model/parties';
import { MAX_NOTES_PER_CHAT, noteView, notesOfPage } from './private-notes';

export interface HistoryDeps {
  contacts: ChatReader;
  notes: Pick<NoteStore, 'getMany'>;
  queries: Pick<ChatQueries, 'pageBySeller' | 'pageByQueue' | 'pageByVisitor' | 'onLine'>;
  identities: Pick<IdentityStore, 'getMany'>;
  messages: Pick<MessageStore, 'latest' | 'listAfter'>;
  limits: { defaultPageSize: number; maxPageSize: number };
  /** sellers' reads add the chat's private notes; a visitor's read never calls it */
  privateNotes?: Pick<PrivateNoteStore, 'list'>;
}

/** How many of the newest messages GET /v1/contacts/{id} embeds. */
export const LATEST_MESSAGES = 20;

/** How many of the visitor's earlier chats with the same target a seller's GET /v1/contacts/{id} lists, and how many index entries it reads for them at most. */
export const EARLIER_CHATS = { listed: 10, entriesRead: 200 } as const;

/** What a caller sees of a contact; visitors do not see the seller's title, tags and queue, nor the page context the widget reported. */
export function contactView(contact: Chat, viewer: Caller['role'], notes: Notes = {}, rating?: ContactView['rating'], visitorContext?: VisitorContextView): ContactView {
  return {
    contact_id: contact.contactId,
    status: contact.status,
    visitor: { userId: contact.visitorId, userInfo: contact.visitorInfo },
    sellerId: contact.sellerId ?? null,
    target: contact.target,
    ...(viewer === 'seller'
      ? { title: notes.title ?? null, tags: notes.tags ?? [], labels: notes.tags ?? [], queueKey: contact.queueKey ?? null, visitorContext: visitorContext ?? null }
      : {}),
    createdAt: contact.createdAt,
    lastActivityAt: contact.lastActivityAt,
    assignedAt: contact.assignedAt ?? null,
    endedAt: contact.endedAt ?? null,
    endedBy: contact.endedBy ?? null,
    lastSeq: contact.lastSeq,
    lastSeqBy: { visitor: markOf(contact, 'lastSent', 'visitor'), seller: markOf(contact, 'lastSent', 'seller') },
    read: { visitor: markOf(contact, 'read', 'visitor'), seller: markOf(contact, 'read', 'seller') },
    ...(rating ? { rating } : {}),
  };
}

export function pageSize(deps: HistoryDeps, limit: number | undefined): number {
  const { defaultPageSize, maxPageSize } = deps.limits;
  if (limit === undefined) return defaultPageSize;
  if (limit < 1 || limit > maxPageSize) throw badRequest(`limit must be between 1 and ${maxPageSize}`);
  return limit;
}

/** Views of stored chats: userInfo from the visitors' items (open chats) or the chat (ended), notes for sellers. One read of each kind. */
export async function viewsOf(deps: HistoryDeps, chats: ChatItem[], viewer: Caller['role']): Promise<ContactView[]> {
  const openVisitors = [...new Set(chats.filter((chat) => chat.pk.startsWith('L#')).map((chat) => chat.visitorId as string))];
  const [visitors, notes] = await Promise.all([
    openVisitors.length ? deps.identities.getMany(openVisitors.map((userId) => ({ role: 'visitor' as const, userId }))) : new Map(),
    viewer === 'seller' && chats.length ? deps.notes.getMany(chats.map((chat) => chat.contactId as string)) : new Map<string, Notes>(),
  ]);
  return chats.map((chat) => {
    const visitor = visitors.get(identityKey({ role: 'visitor', userId: chat.visitorId as string })) as VisitorItem | undefined;
    const open = visitor?.chats?.[chat.contactId as string];
    return contactView(toChat(chat, open?.info), viewer, notes.get(chat.contactId as string), chat.rating as ContactView['rating'], open?.context);
  });
}

// ---- opaque cursors: base64url JSON holding only positions; partitions always come from the caller ----

const Position = z.object({
  pk: z.string().check(z.minLength(1), z.maxLength(80)),
  at: z.string().check(z.minLength(1), z.maxLength(64)),
});
const SellerCursor = z.object({
  status: ContactStatus,
  /** assigned and ended lists: where the one source resumes */
  after: z.optional(Position),
  /** queued lists: per queue, where it resumes, or "done" */
  queues: z.optional(z.record(z.string(), z.union([Position, z.literal('done')]))),
});
type SellerCursor = z.infer<typeof SellerCursor>;

function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor<T>(schema: z.ZodMiniType<T>, cursor: string): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw badRequest('cursor is not valid');
  }
}

const positionOf = (chat: ChatItem, by: 'sellerAt' | 'createdAt'): PagePosition => ({ pk: chat.pk, at: String(chat[by]) });

/**
 * A seller's chats of one status, newest first: assigned by assignment and ended by end (the
 * bySeller index), queued by creation across its own queue and its teams' (merged page by page).
 */
export async function listSellerContacts(deps: HistoryDeps, seller: SellerCaller, query: { status: ContactStatus; limit?: number; cursor?: string }): Promise<ContactList> {
  const limit = pageSize(deps, query.limit);
  const cursor = query.cursor ? decodeCursor(SellerCursor, query.cursor) : undefined;
  if (cursor && cursor.status !== query.status) throw badRequest('cursor is for another status');

  if (query.status !== 'queued') {
    const page = await deps.queries.pageBySeller(seller.sellerId, query.status, limit, cursor?.after);
    const last = page.items.at(-1);
    const next: SellerCursor | null = page.more && last ? { status: query.status, after: positionOf(last, 'sellerAt') } : null;
    return { contacts: await viewsOf(deps, page.items, 'seller'), nextCursor: next && encodeCursor(next) };
  }
  return listQueued(deps, seller, limit, cursor?.queues ?? {});
}

async function listQueued(deps: HistoryDeps, seller: SellerCaller, limit: number, positions: NonNullable<SellerCursor['queues']>): Promise<ContactList> {
  const queueKeys = [...new Set([seller.sellerId, ...seller.teams])];
  const sources: { key: string; page: ChatPage; taken: number }[] = [];
  const state: NonNullable<SellerCursor['queues']> = {};
  for (const key of queueKeys) {
    const position = positions[key];
    if (position === 'done') {
      state[key] = 'done';
      continue;
    }
    sources.push({ key, page: await deps.queries.pageByQueue(key, limit, position), taken: 0 });
    if (position) state[key] = position;
  }
  // k-way merge, newest first: each queue's page is already in its index order, so what is taken from it is a prefix
  const merged: ChatItem[] = [];
  while (merged.length < limit) {
    let best: (typeof sources)[number] | undefined;
    for (const source of sources) {
      const head = source.page.items[source.taken];
      const bestHead = best?.page.items[best.taken];
      if (head && (!bestHead || String(head.createdAt) > String(bestHead.createdAt))) best = source;
    }
    if (!best) break;
    merged.push(best.page.items[best.taken] as ChatItem);
    best.taken++;
  }
  for (const source of sources) {
    const exhausted = source.taken === source.page.items.length && !source.page.more;
    const lastTaken = source.page.items[source.taken - 1];
    if (exhausted) state[source.key] = 'done';
    else if (lastTaken) state[source.key] = positionOf(lastTaken, 'createdAt');
  }
  const more = queueKeys.some((key) => state[key] !== 'done');
  return {
    contacts: await viewsOf(deps, merged, 'seller'),
    nextCursor: more ? encodeCursor({ status: 'queued', queues: state } satisfies SellerCursor) : null,
  };
}

/** A returning visitor's chats, newest first; the token's device only. */
export async function listVisitorContacts(deps: HistoryDeps, visitor: VisitorCaller, deviceId: string, query: { limit?: number; cursor?: string }): Promise<ContactList> {
  if (deviceId !== visitor.deviceId) throw forbidden('this visitorToken is for another device');
  const limit = pageSize(deps, query.limit);
  const after = query.cursor ? decodeCursor(Position, query.cursor) : undefined;
  const page = await deps.queries.pageByVisitor(visitor.deviceId, limit, after);
  const last = page.items.at(-1);
  return {
    contacts: await viewsOf(deps, page.items, 'visitor'),
    nextCursor: page.more && last ? encodeCursor(positionOf(last, 'createdAt')) : null,
  };
}

/** One contact with its newest messages (soft-deleted ones without text). */
export async function getContact(deps: HistoryDeps, caller: Caller, contactId: string): Promise<ContactWithMessages> {
  const chat = await deps.contacts.stored(contactId);
  if (!chat || !canSee(caller, toChat(chat))) throw notFound('no such contact');
  const [[view], latest, notes, earlierChats] = await Promise.all([
    viewsOf(deps, [chat], caller.role),
    deps.messages.latest(contactId, LATEST_MESSAGES),
    sellerNotes(deps, caller, contactId),
    caller.role === 'seller' ? earlierChatsOf(deps, chat) : undefined,
  ]);
  return { ...(view as ContactView), messages: await Promise.all(latest.map(messageFrame)), ...(notes ? { notes } : {}), ...(earlierChats ? { earlierChats } : {}) };
}

/** The visitor's other chats on this chat's line (the same target), newest first: by the byVisitor index, never by scan. */
async function earlierChatsOf(deps: HistoryDeps, chat: ChatItem): Promise<EarlierChat[]> {
  const lineKey = lineKeyOfContact(chat.contactId as string);
  if (!lineKey) return [];
  const onLine = await deps.queries.onLine(chat.visitorId as string, lineKey, EARLIER_CHATS.listed + 1, EARLIER_CHATS.entriesRead);
  return onLine
    .filter((other) => other.contactId !== chat.contactId)
    .slice(0, EARLIER_CHATS.listed)
    .map((other) => ({ contact_id: other.contactId, status: other.status, createdAt: other.createdAt }));
}

/** Messages after seq `after`, in order; `nextAfter` is the `after` of the next page, null on the last one. */
export async function listMessages(deps: HistoryDeps, caller: Caller, contactId: string, query: { after: number; limit?: number }): Promise<MessagePage> {
  await visibleChat(deps.contacts, caller, contactId);
  const limit = pageSize(deps, query.limit);
  const [found, notes] = await Promise.all([deps.messages.listAfter(contactId, query.after, limit + 1), sellerNotes(deps, caller, contactId)]);
  const page = found.slice(0, limit);
  const lastSeq = page.at(-1)?.seq ?? query.after;
  return {
    messages: await Promise.all(page.map(messageFrame)),
    ...(notes ? { notes: notesOfPage(notes, query.after, lastSeq, found.length <= limit) } : {}),
    lastSeq,
    nextAfter: found.length > limit ? lastSeq : null,
  };
}

/** A chat's private notes for a seller's read; undefined for a visitor, whose reads never touch them. */
async function sellerNotes(deps: HistoryDeps, caller: Caller, contactId: string) {
  if (caller.role !== 'seller' || !deps.privateNotes) return undefined;
  return (await deps.privateNotes.list(contactId, MAX_NOTES_PER_CHAT)).map(noteView);
}
