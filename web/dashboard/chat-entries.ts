/**
 * Changes to the chats the dashboard knows, made on the reducer's copy of the state: entries
 * created from frames, brought up to date from the API's views and lists, and the open
 * conversation's messages.
 *
 * Counters only ever move forward (max of what the lists said and what the frames said), so a
 * frame that arrives twice, or a list that was read before a frame, never counts a message twice.
 */
import type { ContactStatus, ContactView } from '../shared/protocol';
import { STATUSES, visitorEmail, visitorName, type ContactEntry, type ConversationMessage, type DashboardState } from './state';

/** The state's clock, moved on: live changes and the start of reads are ordered by it. */
export function tick(state: DashboardState): number {
  return ++state.clock;
}

/** Marks a change made by a live frame. */
export function touch(state: DashboardState, entry: ContactEntry): void {
  entry.touched = tick(state);
}

/** The entry for a chat, created bare (as an assigned chat: only those push messages) when unknown. */
export function entryFor(state: DashboardState, contactId: string, visitorId: string): ContactEntry {
  let entry = state.contacts.get(contactId);
  if (!entry) {
    entry = {
      id: contactId,
      status: 'assigned',
      visitorId,
      visitorName: visitorId,
      visitorEmail: '',
      sellerId: state.sellerId,
      queueKey: null,
      target: '',
      lastActivityAt: '',
      lastSeq: 0,
      sellerRead: 0,
      visitorRead: 0,
      endedBy: null,
      note: '',
      touched: 0,
    };
    state.contacts.set(contactId, entry);
  }
  return entry;
}

/** A message `seq` (or an event at `at`) happened in the chat. */
export function advance(entry: ContactEntry, seq: number, at: string | undefined): void {
  entry.lastSeq = Math.max(entry.lastSeq, seq);
  if (at) entry.lastActivityAt = later(entry.lastActivityAt, at);
}

const later = (a: string, b: string) => (Date.parse(b) > Date.parse(a) || !a ? b : a);

/**
 * Creates or updates a chat from the API's view of it. `readAt` is the clock when that read began:
 * a live frame that changed the chat since then wins over the read's status. Without it the
 * change is itself live.
 */
export function upsert(state: DashboardState, contact: ContactView, readAt?: number): ContactEntry {
  const known = state.contacts.has(contact.contact_id);
  const entry = entryFor(state, contact.contact_id, contact.visitor.userId);
  if (readAt === undefined) {
    entry.status = contact.status;
    touch(state, entry);
  } else if (!known || entry.touched <= readAt) {
    entry.status = contact.status;
  }
  entry.visitorId = contact.visitor.userId;
  entry.visitorName = visitorName(contact.visitor);
  entry.visitorEmail = visitorEmail(contact.visitor);
  entry.sellerId = contact.sellerId;
  entry.queueKey = contact.queueKey ?? null;
  entry.target = contact.target;
  entry.endedBy = contact.endedBy;
  advance(entry, contact.lastSeq, contact.lastActivityAt);
  entry.sellerRead = Math.max(entry.sellerRead, contact.read.seller);
  entry.visitorRead = Math.max(entry.visitorRead, contact.read.visitor);
  return entry;
}

/**
 * The three lists as the API gave them, read from clock `startedAt` on. Chats in no list leave,
 * unless a live frame changed them after the read started, or they are open.
 */
export function applyLists(state: DashboardState, lists: Record<ContactStatus, ContactView[]>, startedAt: number): void {
  const seen = new Set<string>();
  for (const status of STATUSES) {
    for (const contact of lists[status]) {
      if (seen.has(contact.contact_id)) continue; // a chat that moved between two page reads
      seen.add(contact.contact_id);
      upsert(state, contact, startedAt);
    }
  }
  for (const [id, entry] of state.contacts) {
    if (seen.has(id) || entry.touched > startedAt) continue;
    if (state.conversation?.contactId === id) {
      if (entry.status !== 'elsewhere' && entry.status !== 'ended') entry.status = 'elsewhere';
    } else {
      state.contacts.delete(id);
    }
  }
}

/** Adds a message of chat `contactId` to the open conversation; false when it is another chat's or its seq is already there. */
export function addMessage(state: DashboardState, contactId: string, message: ConversationMessage): boolean {
  const conversation = state.conversation;
  if (!conversation || conversation.contactId !== contactId || conversation.messages.has(message.seq)) return false;
  conversation.messages.set(message.seq, message);
  return true;
}
