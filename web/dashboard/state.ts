/**
 * The dashboard's state: the seller's chats (merged from the list API and from live frames), the
 * open conversation, the replies awaiting their ack, presence and socket state. Plain data, no DOM:
 * the reducer changes a copy (see events.ts: DashboardStep), the views read it with the selectors below.
 */
import type { ChatMessageFrame, ContactStatus, Role } from '../shared/protocol';

export const STATUSES: ContactStatus[] = ['queued', 'assigned', 'ended'];

/** `elsewhere`: a chat this seller no longer sees (transferred away); kept only while it is open. */
export type EntryStatus = ContactStatus | 'elsewhere';

export interface ContactEntry {
  id: string;
  status: EntryStatus;
  visitorId: string;
  visitorName: string;
  /** the email the visitor gave (the start form, or left while it waited); '' when none */
  visitorEmail: string;
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
  endedBy: Role | null;
  /** set when it left this seller: "transferred to s-2" */
  note: string;
  /** the clock when a live frame last changed it; a list read before that does not undo the change */
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

/** A message of the open conversation; `text` is undefined once it was deleted. */
export interface ConversationMessage {
  id: string;
  seq: number;
  role: Role;
  text: string | undefined;
  timestamp: string;
}

export interface Conversation {
  contactId: string;
  /** tells this opening of the chat from a later one: answers meant for an earlier one are dropped */
  serial: number;
  messages: Map<number, ConversationMessage>;
  loaded: boolean;
  loadError?: string;
  hasEarlier: boolean;
  loadingEarlier: boolean;
  visitorTyping: boolean;
}

export type SocketState = 'connecting' | 'connected' | 'reconnecting';
export type Presence = 'online' | 'away' | 'unknown';

export interface DashboardState {
  readonly sellerId: string;
  contacts: Map<string, ContactEntry>;
  /** by clientMessageId */
  pending: Map<string, PendingReply>;
  tab: ContactStatus;
  conversation: Conversation | undefined;
  presence: Presence;
  socket: SocketState;
  notice: string;
  /** counts changes, so a live frame's change and the start of a read can be ordered */
  clock: number;
  /** the newest list reload: an older one's answer is dropped */
  reloadGeneration: number;
  /** the chat our last `typing start` went to, and when */
  typingContact: string | undefined;
  typingSentAt: number;
  /** the socket was up before: a later `up` reloads the lists, and a `down` is "Reconnecting…" */
  everUp: boolean;
}

/** A signed-in session before the socket or the API has said anything. */
export function initialState(sellerId: string): DashboardState {
  return {
    sellerId,
    contacts: new Map(),
    pending: new Map(),
    tab: 'assigned',
    conversation: undefined,
    presence: 'unknown',
    socket: 'connecting',
    notice: '',
    clock: 0,
    reloadGeneration: 0,
    typingContact: undefined,
    typingSentAt: 0,
    everUp: false,
  };
}

/** A copy to change freely: chats, replies and the conversation are copied; messages are only ever replaced, so they are shared. */
export function copyState(state: DashboardState): DashboardState {
  const conversation = state.conversation;
  return {
    ...state,
    contacts: new Map([...state.contacts].map(([id, entry]) => [id, { ...entry }])),
    pending: new Map([...state.pending].map(([id, reply]) => [id, { ...reply }])),
    conversation: conversation && { ...conversation, messages: new Map(conversation.messages) },
  };
}

/** A pushed or fetched message as the conversation keeps it. */
export function conversationMessage(frame: ChatMessageFrame): ConversationMessage {
  // a deleted message comes without its text
  return { id: frame.id, seq: frame.seq, role: frame.role, text: 'message' in frame ? frame.message : undefined, timestamp: frame.timestamp };
}

// ---- selectors ----

/** The name the visitor gave, else its id. */
export function visitorName(visitor: { userId: string; userInfo: Record<string, unknown> }): string {
  const name = visitor.userInfo.name;
  return typeof name === 'string' && name.trim() ? name.trim() : visitor.userId;
}

/** The email in the visitor's userInfo, if it looks like one. */
export function visitorEmail(visitor: { userInfo: Record<string, unknown> }): string {
  const email = visitor.userInfo.email;
  return typeof email === 'string' && email.includes('@') ? email.trim() : '';
}

/** The chat's messages the seller has not read. */
export function unread(entry: ContactEntry): number {
  return Math.max(0, entry.lastSeq - entry.sellerRead);
}

/** One tab's chats, most recent activity first. */
export function list(state: DashboardState, status: ContactStatus): ContactEntry[] {
  return Array.from(state.contacts.values())
    .filter((entry) => entry.status === status)
    .sort((a, b) => (Date.parse(b.lastActivityAt) || 0) - (Date.parse(a.lastActivityAt) || 0));
}

/** What the title counts: unread messages in the seller's open (assigned) chats. */
export function totalUnread(state: DashboardState): number {
  let total = 0;
  for (const entry of state.contacts.values()) if (entry.status === 'assigned') total += unread(entry);
  return total;
}

/** This seller may write and type into the chat: it is open and assigned to it. */
export function canReply(state: DashboardState, entry: ContactEntry): boolean {
  return entry.status === 'assigned' && entry.sellerId === state.sellerId;
}

/** The seller's own chat (assigned to it, open or ended): where read, typing and resume are allowed. */
export function isParty(state: DashboardState, entry: ContactEntry): boolean {
  return entry.sellerId === state.sellerId && (entry.status === 'assigned' || entry.status === 'ended');
}

/** The chat of the open conversation. */
export function openEntry(state: DashboardState): ContactEntry | undefined {
  return state.conversation ? state.contacts.get(state.conversation.contactId) : undefined;
}

/** The highest seq the open conversation shows (0 when none). */
export function highestSeq(state: DashboardState): number {
  let highest = 0;
  for (const seq of state.conversation?.messages.keys() ?? []) highest = Math.max(highest, seq);
  return highest;
}
