/**
 * The dashboard's state: the seller's chats (merged from the list API and from live frames), the
 * open conversation, the replies awaiting their ack, presence and socket state. Views subscribe
 * and re-render; every change goes through `changed()`, batched to one render per task.
 *
 * Counters only ever move forward (max of what the lists said and what the frames said), so a
 * frame that arrives twice, or a list that was read before a frame, never counts a message twice.
 */
import type { SellerContact } from './api';
import type { ChatMessage, ContactStatus } from '../shared/chat-types';

export const STATUSES: ContactStatus[] = ['queued', 'assigned', 'ended'];

/** `elsewhere`: a chat this seller no longer sees (transferred away); kept only while it is open. */
export type EntryStatus = ContactStatus | 'elsewhere';

export interface ContactEntry {
  id: string;
  status: EntryStatus;
  visitorId: string;
  visitorName: string;
  sellerId: string | null;
  queueKey: string | null;
  target: string;
  lastActivityAt: string;
  /** the highest seq known: from the lists, the frames and the acks */
  lastSeq: number;
  /** the seller side's read mark */
  sellerRead: number;
  /** the visitor's read mark: the seller's messages up to it show "Read" */
  visitorRead: number;
  endedBy: string | null;
  /** set when it left this seller: "transferred to s-2" */
  note: string;
  /** the store's clock when a live frame last changed it; a list read before that does not undo the change */
  touched: number;
}

export interface PendingReply {
  clientMessageId: string;
  contactId: string;
  to: string;
  text: string;
  createdAt: string;
  /** sending: sent, no ack yet; waiting: the socket was down; failed: refused (error says why) */
  state: 'sending' | 'waiting' | 'failed';
  error?: string;
}

export interface Conversation {
  contactId: string;
  messages: Map<number, ChatMessage>;
  loaded: boolean;
  loadError?: string;
  hasEarlier: boolean;
  loadingEarlier: boolean;
  visitorTyping: boolean;
}

export type SocketState = 'connecting' | 'connected' | 'reconnecting';
export type Presence = 'online' | 'away' | 'unknown';

const later = (a: string, b: string) => (Date.parse(b) > Date.parse(a) || !a ? b : a);

export function visitorName(visitor: { userId: string; userInfo?: Record<string, unknown> } | undefined): string {
  const name = visitor?.userInfo?.name;
  return typeof name === 'string' && name.trim() ? name.trim() : (visitor?.userId ?? 'Visitor');
}

export class Store {
  readonly contacts = new Map<string, ContactEntry>();
  readonly pending = new Map<string, PendingReply>();
  tab: ContactStatus = 'assigned';
  conversation: Conversation | undefined;
  presence: Presence = 'unknown';
  socket: SocketState = 'connecting';
  notice = '';
  private clock = 0;
  private listeners: Array<() => void> = [];
  private scheduled = false;

  constructor(readonly sellerId: string) {}

  subscribe(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Re-renders once, after the current task: many frames in one burst cost one render. */
  changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      for (const listener of this.listeners) listener();
    });
  }

  tick(): number {
    return ++this.clock;
  }

  /**
   * Creates or updates a chat from the API's view of it. `readAt` is the clock when that read began:
   * a live frame that changed the chat since then wins over the read's status. Without it the
   * change is itself live.
   */
  upsert(contact: SellerContact, readAt?: number): ContactEntry {
    const known = this.contacts.has(contact.contact_id);
    const entry = this.entry(contact.contact_id, contact.visitor?.userId ?? 'visitor');
    if (readAt === undefined) {
      entry.status = contact.status;
      this.touch(entry);
    } else if (!known || entry.touched <= readAt) {
      entry.status = contact.status;
    }
    entry.visitorId = contact.visitor?.userId ?? entry.visitorId;
    entry.visitorName = contact.visitor ? visitorName(contact.visitor) : entry.visitorName;
    entry.sellerId = contact.sellerId;
    entry.queueKey = contact.queueKey ?? null;
    entry.target = contact.target;
    entry.endedBy = contact.endedBy ?? null;
    this.advance(entry, contact.lastSeq, contact.lastActivityAt);
    entry.sellerRead = Math.max(entry.sellerRead, contact.read?.seller ?? 0);
    entry.visitorRead = Math.max(entry.visitorRead, contact.read?.visitor ?? 0);
    return entry;
  }

  /** Marks a change made by a live frame. */
  touch(entry: ContactEntry): void {
    entry.touched = this.tick();
  }

  /** The entry for a chat, created bare (as an assigned chat: only those push messages) when unknown. */
  entry(contactId: string, visitorId: string): ContactEntry {
    let entry = this.contacts.get(contactId);
    if (!entry) {
      entry = {
        id: contactId,
        status: 'assigned',
        visitorId,
        visitorName: visitorId,
        sellerId: this.sellerId,
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
      this.contacts.set(contactId, entry);
    }
    return entry;
  }

  advance(entry: ContactEntry, seq: number, at: string | undefined): void {
    entry.lastSeq = Math.max(entry.lastSeq, seq);
    if (at) entry.lastActivityAt = later(entry.lastActivityAt, at);
  }

  /**
   * The three lists as the API gave them, read from clock `startedAt` on. Chats in no list leave,
   * unless a live frame changed them after the read started, or they are open.
   */
  applyLists(lists: Record<ContactStatus, SellerContact[]>, startedAt: number): void {
    const seen = new Set<string>();
    for (const status of STATUSES) {
      for (const contact of lists[status]) {
        if (seen.has(contact.contact_id)) continue; // a chat that moved between two page reads
        seen.add(contact.contact_id);
        this.upsert(contact, startedAt);
      }
    }
    for (const [id, entry] of this.contacts) {
      if (seen.has(id) || entry.touched > startedAt) continue;
      if (this.conversation?.contactId === id) {
        if (entry.status !== 'elsewhere' && entry.status !== 'ended') entry.status = 'elsewhere';
      } else {
        this.contacts.delete(id);
      }
    }
    this.changed();
  }

  unread(entry: ContactEntry): number {
    return Math.max(0, entry.lastSeq - entry.sellerRead);
  }

  /** One tab's chats, most recent activity first. */
  list(status: ContactStatus): ContactEntry[] {
    return Array.from(this.contacts.values())
      .filter((entry) => entry.status === status)
      .sort((a, b) => (Date.parse(b.lastActivityAt) || 0) - (Date.parse(a.lastActivityAt) || 0));
  }

  /** What the title counts: unread messages in the seller's open (assigned) chats. */
  totalUnread(): number {
    let total = 0;
    for (const entry of this.contacts.values()) if (entry.status === 'assigned') total += this.unread(entry);
    return total;
  }

  /** This seller may write and type into the chat: it is open and assigned to it. */
  canReply(entry: ContactEntry): boolean {
    return entry.status === 'assigned' && entry.sellerId === this.sellerId;
  }

  openEntry(): ContactEntry | undefined {
    return this.conversation ? this.contacts.get(this.conversation.contactId) : undefined;
  }

  /** Adds a message to the open conversation; false when its seq is already there. */
  addMessage(message: ChatMessage): boolean {
    const conversation = this.conversation;
    if (!conversation || conversation.contactId !== message.contact_id || conversation.messages.has(message.seq)) return false;
    conversation.messages.set(message.seq, message);
    return true;
  }

  /** The highest seq the open conversation shows (0 when none). */
  highestSeq(): number {
    let highest = 0;
    for (const seq of this.conversation?.messages.keys() ?? []) highest = Math.max(highest, seq);
    return highest;
  }
}
