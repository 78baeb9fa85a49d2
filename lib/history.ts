/**
 * Reading chats: a seller's lists, a visitor's past chats, one contact with its latest messages,
 * and the ordered message list that is also the REST fallback's receive path.
 */
import { visibleContact } from './access';
import { chatFrame } from './chat-messages';
import type { Contact, ContactPage, PagePosition } from './contacts';
import { badRequest, forbidden, notFound } from './errors';
import type { Caller, SellerCaller, VisitorCaller } from './http-auth';
import type { ContactStatus } from './protocol';
import type { UpdateContactBody } from './protocol-events';
import type { Services } from './services';
import { z } from 'zod';

export type HistoryDeps = Pick<Services, 'contacts' | 'messages' | 'config'>;

/** How many of the newest messages GET /v1/contacts/{id} embeds. */
export const LATEST_MESSAGES = 20;

/** What a caller sees of a contact; visitors do not see the seller's title and tags. */
export function contactView(contact: Contact, viewer: Caller['role']) {
  return {
    contact_id: contact.contactId,
    status: contact.status,
    visitor: { userId: contact.visitorId, userInfo: contact.visitorInfo },
    sellerId: contact.sellerId ?? null,
    target: contact.target,
    ...(viewer === 'seller'
      ? { title: contact.title ?? null, tags: contact.tags ?? [], queueKey: contact.queueKey ?? null }
      : {}),
    createdAt: contact.createdAt,
    lastActivityAt: contact.lastActivityAt,
    assignedAt: contact.assignedAt ?? null,
    endedAt: contact.endedAt ?? null,
    endedBy: contact.endedBy ?? null,
    lastSeq: contact.nextSeq,
    read: { visitor: contact.visitorReadSeq ?? 0, seller: contact.sellerReadSeq ?? 0 },
  };
}

export function pageSize(deps: HistoryDeps, limit: number | undefined): number {
  const { defaultPageSize, maxPageSize } = deps.config.limits;
  if (limit === undefined) return defaultPageSize;
  if (limit < 1 || limit > maxPageSize) throw badRequest(`limit must be between 1 and ${maxPageSize}`);
  return limit;
}

// ---- opaque cursors: base64url JSON holding only positions; partitions always come from the caller ----

const Position = z.object({ contactId: z.string().min(1).max(64), at: z.string().min(1).max(64) });
const SellerCursor = z.object({
  status: z.enum(['assigned', 'queued', 'ended']),
  /** assigned and ended lists: where the one source resumes */
  after: Position.optional(),
  /** queued lists: per queue, where it resumes, or "done" */
  queues: z.record(z.string(), z.union([Position, z.literal('done')])).optional(),
});
type SellerCursor = z.infer<typeof SellerCursor>;

function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor<T>(schema: z.ZodType<T>, cursor: string): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw badRequest('cursor is not valid');
  }
}

const positionOf = (contact: Contact, by: 'lastActivityAt' | 'createdAt'): PagePosition => ({
  contactId: contact.contactId,
  at: contact[by],
});

/**
 * A seller's chats of one status, newest first: assigned and ended by last activity (the bySeller
 * index), queued by creation across its own queue and its teams' (merged page by page).
 */
export async function listSellerContacts(
  deps: HistoryDeps,
  seller: SellerCaller,
  query: { status: ContactStatus; limit?: number; cursor?: string },
) {
  const limit = pageSize(deps, query.limit);
  const cursor = query.cursor ? decodeCursor(SellerCursor, query.cursor) : undefined;
  if (cursor && cursor.status !== query.status) throw badRequest('cursor is for another status');

  if (query.status !== 'queued') {
    const page = await deps.contacts.pageBySeller(seller.sellerId, query.status, limit, cursor?.after);
    const last = page.items.at(-1);
    const next: SellerCursor | null = page.more && last ? { status: query.status, after: positionOf(last, 'lastActivityAt') } : null;
    return { contacts: page.items.map((c) => contactView(c, 'seller')), nextCursor: next && encodeCursor(next) };
  }
  return listQueued(deps, seller, limit, cursor?.queues ?? {});
}

async function listQueued(deps: HistoryDeps, seller: SellerCaller, limit: number, positions: NonNullable<SellerCursor['queues']>) {
  const queueKeys = [...new Set([seller.sellerId, ...seller.teams])];
  const sources: { key: string; page: ContactPage; taken: number }[] = [];
  const state: NonNullable<SellerCursor['queues']> = {};
  for (const key of queueKeys) {
    const position = positions[key];
    if (position === 'done') {
      state[key] = 'done';
      continue;
    }
    sources.push({ key, page: await deps.contacts.pageByQueue(key, limit, position), taken: 0 });
    if (position) state[key] = position;
  }
  // k-way merge, newest first: each queue's page is already in its index order, so what is taken from it is a prefix
  const merged: Contact[] = [];
  while (merged.length < limit) {
    let best: (typeof sources)[number] | undefined;
    for (const source of sources) {
      const head = source.page.items[source.taken];
      const bestHead = best?.page.items[best.taken];
      if (head && (!bestHead || head.createdAt > bestHead.createdAt)) best = source;
    }
    if (!best) break;
    merged.push(best.page.items[best.taken] as Contact);
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
    contacts: merged.map((c) => contactView(c, 'seller')),
    nextCursor: more ? encodeCursor({ status: 'queued', queues: state } satisfies SellerCursor) : null,
  };
}

/** A returning visitor's chats, newest first; the token's device only. */
export async function listVisitorContacts(
  deps: HistoryDeps,
  visitor: VisitorCaller,
  deviceId: string,
  query: { limit?: number; cursor?: string },
) {
  if (deviceId !== visitor.deviceId) throw forbidden('this visitorToken is for another device');
  const limit = pageSize(deps, query.limit);
  const after = query.cursor ? decodeCursor(Position, query.cursor) : undefined;
  const page = await deps.contacts.pageByVisitor(visitor.deviceId, limit, after);
  const last = page.items.at(-1);
  return {
    contacts: page.items.map((c) => contactView(c, 'visitor')),
    nextCursor: page.more && last ? encodeCursor(positionOf(last, 'createdAt')) : null,
  };
}

/** One contact with its newest messages (soft-deleted ones without text). */
export async function getContact(deps: HistoryDeps, caller: Caller, contactId: string) {
  const contact = await visibleContact(deps.contacts, caller, contactId);
  const latest = await deps.messages.latest(contactId, LATEST_MESSAGES);
  return { ...contactView(contact, caller.role), messages: latest.map((m) => chatFrame(m, m.recipientId)) };
}

/** Messages after seq `after`, in order; `nextAfter` is the `after` of the next page, null on the last one. */
export async function listMessages(deps: HistoryDeps, caller: Caller, contactId: string, query: { after: number; limit?: number }) {
  await visibleContact(deps.contacts, caller, contactId);
  const limit = pageSize(deps, query.limit);
  const found = await deps.messages.listAfter(contactId, query.after, limit + 1);
  const page = found.slice(0, limit);
  const lastSeq = page.at(-1)?.seq ?? query.after;
  return {
    messages: page.map((m) => chatFrame(m, m.recipientId)),
    lastSeq,
    nextAfter: found.length > limit ? lastSeq : null,
  };
}

/** Title and tags: the seller's own notes on a chat it can see. */
export async function updateContact(deps: HistoryDeps, seller: SellerCaller, contactId: string, details: UpdateContactBody) {
  await visibleContact(deps.contacts, seller, contactId);
  const updated = await deps.contacts.updateDetails(contactId, details);
  if (!updated) throw notFound('no such contact');
  return contactView(updated, 'seller');
}
