/**
 * The dashboard's state: the seller's chats (merged from the list API and from live frames), the
 * open chat, the replies awaiting their ack, presence and socket state. Plain data, no DOM:
 * the reducer changes a copy (see events.ts: DashboardStep), the views read it with the selectors below.
 */
import type { AttachmentView, ChatMessageFrame, Citation, ContactStatus, EarlierChat, MessageRole, NoteView, Role, VisitorContextView } from '../shared/protocol';

export const STATUSES: ContactStatus[] = ['queued', 'assigned', 'ended'];

/** `elsewhere`: a chat this seller no longer sees (transferred away); kept only while it is open. */
export type ChatSummaryStatus = ContactStatus | 'elsewhere';

/** What the dashboard knows of one chat, merged from the lists and the live frames: what its list item and header show. */
export interface ChatSummary {
  id: string;
  status: ChatSummaryStatus;
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
  /** the page the visitor is on, while the chat is open (visitor-context.ts shows it) */
  context?: VisitorContextView;
  /** the visitor's earlier chats with the same target, from the chat's last read */
  earlierChats?: EarlierChat[];
}

export interface PendingReply {
  clientMessageId: string;
  contactId: string;
  to: string;
  text: string;
  /** files uploaded for this reply */
  attachments?: AttachmentView[];
  createdAt: string;
  /** sending: sent, no ack yet; waiting: the socket was down; failed: refused (error says why) */
  state: 'sending' | 'waiting' | 'failed';
  error?: string;
}

/** A message of the open chat; `text` is undefined once it was deleted. */
export interface ChatMessage {
  id: string;
  seq: number;
  /** `assistant`: the shop's assistant answered while the chat waited */
  role: MessageRole;
  text: string | undefined;
  /** files the message carries, with their links */
  attachments?: AttachmentView[];
  timestamp: string;
  /** the assistant's answer: the documents it cites */
  citations?: Citation[];
}

/** The chat on screen: its messages as loaded and pushed, and how far loading got. */
export interface OpenChat {
  contactId: string;
  /** tells this opening of the chat from a later one: answers meant for an earlier one are dropped */
  serial: number;
  messages: Map<number, ChatMessage>;
  loaded: boolean;
  loadError?: string;
  hasEarlier: boolean;
  loadingEarlier: boolean;
  visitorTyping: boolean;
  /** the chat's private notes, by id (sellers only; each sits after the message of its afterSeq) */
  notes?: Map<string, NoteView>;
  /** "Suggest a reply": the draft the assistant is writing (or wrote) for the reply box; never sent by itself */
  suggestion?: Suggestion;
}

/** A draft from "Suggest a reply": its text so far, and whether the assistant finished it. */
export interface Suggestion {
  /** counts the requests of this opening, so the box takes each draft once */
  serial: number;
  text: string;
  done: boolean;
}

export type SocketState = 'connecting' | 'connected' | 'reconnecting';
export type Presence = 'online' | 'away' | 'unknown';

export interface DashboardState {
  readonly sellerId: string;
  chats: Map<string, ChatSummary>;
  /** by clientMessageId */
  pending: Map<string, PendingReply>;
  tab: ContactStatus;
  openChat: OpenChat | undefined;
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

/** A fresh sign-in, before the socket or the API has said anything. */
export function initialState(sellerId: string): DashboardState {
  return {
    sellerId,
    chats: new Map(),
    pending: new Map(),
    tab: 'assigned',
    openChat: undefined,
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

/** A copy to change freely: chats, replies and the open chat are copied; messages are only ever replaced, so they are shared. */
export function copyState(state: DashboardState): DashboardState {
  const open = state.openChat;
  return {
    ...state,
    chats: new Map([...state.chats].map(([id, chat]) => [id, { ...chat }])),
    pending: new Map([...state.pending].map(([id, reply]) => [id, { ...reply }])),
    openChat: open && { ...open, messages: new Map(open.messages) },
  };
}

/** A pushed or fetched message as the open chat keeps it. */
export function toChatMessage(frame: ChatMessageFrame): ChatMessage {
  // a deleted message comes without its text
  // one with files has the sender's own words in `text` (its `message` adds a line per file)
  const message: ChatMessage = { id: frame.id, seq: frame.seq, role: frame.role, text: 'message' in frame ? (frame.text ?? frame.message) : undefined, timestamp: frame.timestamp };
  if ('attachments' in frame && frame.attachments) message.attachments = frame.attachments;
  if (frame.role === 'assistant') message.citations = frame.citations ?? [];
  return message;
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
export function unread(chat: ChatSummary): number {
  return Math.max(0, chat.lastSeq - chat.sellerRead);
}

/** One tab's chats, most recent activity first. */
export function list(state: DashboardState, status: ContactStatus): ChatSummary[] {
  return Array.from(state.chats.values())
    .filter((chat) => chat.status === status)
    .sort((a, b) => (Date.parse(b.lastActivityAt) || 0) - (Date.parse(a.lastActivityAt) || 0));
}

/** What the title counts: unread messages in the seller's open (assigned) chats. */
export function totalUnread(state: DashboardState): number {
  let total = 0;
  for (const chat of state.chats.values()) if (chat.status === 'assigned') total += unread(chat);
  return total;
}

/** This seller may write and type into the chat: it is open and assigned to it. */
export function canReply(state: DashboardState, chat: ChatSummary): boolean {
  return chat.status === 'assigned' && chat.sellerId === state.sellerId;
}

/** The seller's own chat (assigned to it, open or ended): where read, typing and resume are allowed. */
export function holdsChat(state: DashboardState, chat: ChatSummary): boolean {
  return chat.sellerId === state.sellerId && (chat.status === 'assigned' || chat.status === 'ended');
}

/** What the dashboard knows of the open chat (its status, visitor, read marks). */
export function openChatSummary(state: DashboardState): ChatSummary | undefined {
  return state.openChat ? state.chats.get(state.openChat.contactId) : undefined;
}

/** The highest seq the open chat shows (0 when none). */
export function highestSeq(state: DashboardState): number {
  let highest = 0;
  for (const seq of state.openChat?.messages.keys() ?? []) highest = Math.max(highest, seq);
  return highest;
}
