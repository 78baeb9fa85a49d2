/**
 * Changes to the chats the dashboard knows, made on the reducer's copy of the state: chats
 * created from frames, brought up to date from the API's views and lists, and the open chat's
 * messages.
 *
 * Counters only ever move forward (max of what the lists said and what the frames said), so a
 * frame that arrives twice, or a list that was read before a frame, never counts a message twice.
 */
import type { ContactStatus, ContactView, ContactWithMessages } from '../shared/protocol';
import { STATUSES, visitorEmail, visitorName, type ChatMessage, type ChatSummary, type DashboardState } from './state';

/** The state's clock, moved on: live changes and the start of reads are ordered by it. */
export function tick(state: DashboardState): number {
  return ++state.clock;
}

/** Marks a change made by a live frame. */
export function touch(state: DashboardState, chat: ChatSummary): void {
  chat.touched = tick(state);
}

/** What the dashboard knows of a chat, created bare (as an assigned chat: only those push messages) when unknown. */
export function chatFor(state: DashboardState, contactId: string, visitorId: string): ChatSummary {
  let chat = state.chats.get(contactId);
  if (!chat) {
    chat = {
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
    state.chats.set(contactId, chat);
  }
  return chat;
}

/** A message `seq` (or an event at `at`) happened in the chat. */
export function advance(chat: ChatSummary, seq: number, at: string | undefined): void {
  chat.lastSeq = Math.max(chat.lastSeq, seq);
  if (at) chat.lastActivityAt = later(chat.lastActivityAt, at);
}

const later = (a: string, b: string) => (Date.parse(b) > Date.parse(a) || !a ? b : a);

/**
 * Creates or updates a chat from the API's view of it. `readAt` is the clock when that read began:
 * a live frame that changed the chat since then wins over the read's status. Without it the
 * change is itself live.
 */
export function upsert(state: DashboardState, contact: ContactView, readAt?: number): ChatSummary {
  const known = state.chats.has(contact.contact_id);
  const chat = chatFor(state, contact.contact_id, contact.visitor.userId);
  if (readAt === undefined) {
    chat.status = contact.status;
    touch(state, chat);
  } else if (!known || chat.touched <= readAt) {
    chat.status = contact.status;
  }
  chat.visitorId = contact.visitor.userId;
  chat.visitorName = visitorName(contact.visitor);
  chat.visitorEmail = visitorEmail(contact.visitor);
  chat.sellerId = contact.sellerId;
  chat.queueKey = contact.queueKey ?? null;
  chat.target = contact.target;
  chat.endedBy = contact.endedBy;
  advance(chat, contact.lastSeq, contact.lastActivityAt);
  chat.sellerRead = Math.max(chat.sellerRead, contact.read.seller);
  chat.visitorRead = Math.max(chat.visitorRead, contact.read.visitor);
  // the page context while the chat is open (null: none reported); earlier chats only in one chat's read
  if (contact.visitorContext !== undefined) chat.context = contact.visitorContext ?? undefined;
  const earlier = (contact as Partial<ContactWithMessages>).earlierChats;
  if (earlier) chat.earlierChats = earlier;
  return chat;
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
  for (const [id, chat] of state.chats) {
    if (seen.has(id) || chat.touched > startedAt) continue;
    if (state.openChat?.contactId === id) {
      if (chat.status !== 'elsewhere' && chat.status !== 'ended') chat.status = 'elsewhere';
    } else {
      state.chats.delete(id);
    }
  }
}

/** Adds a message of chat `contactId` to the open chat; false when it is another chat's or its seq is already there. */
export function addMessage(state: DashboardState, contactId: string, message: ChatMessage): boolean {
  const open = state.openChat;
  if (!open || open.contactId !== contactId || open.messages.has(message.seq)) return false;
  open.messages.set(message.seq, message);
  return true;
}
