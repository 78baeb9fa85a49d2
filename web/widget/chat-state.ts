/**
 * The widget's state: the chat (its stage, status and the seller's presence), the messages received
 * and the ones of ours still on their way, the shop's assistant's answers being written and whether
 * it handed the chat to a person, the link to the server and the read marks. Plain data, no DOM:
 * the reducer makes the next one from it, the view reads it.
 */
import type { Citation, ContactStatus, HandoffReason, QueueWait } from '../shared/protocol';
import type { AttachmentView } from '../shared/protocol';

export interface Profile {
  name: string;
  email: string;
}

/** What a reload finds in localStorage for this seller-or-team. */
export interface SavedChat {
  contactId?: string;
  /** signed for this device and this chat: the REST fallback and the history API take it */
  visitorToken?: string;
  profile?: Profile;
  /** how the chat waits, and the email left meanwhile: a reload shows the same notice and form */
  waiting?: QueueWait;
  emailLeft?: string;
  /** the shop's assistant handed this chat to a person, and why: a reload shows no "Talk to a person" */
  handoff?: HandoffReason;
  /** the shop's assistant answers this chat while it waits (the InitChat ack said so) */
  assistant?: boolean;
}

export type DeliveryState = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface ShownMessage {
  /** clientMessageId for our own messages, the server id for the seller's */
  key: string;
  id?: string;
  seq?: number;
  own: boolean;
  text: string;
  /** files the message carries, with their links */
  attachments?: AttachmentView[];
  timestamp: string;
  deleted?: boolean;
  /** our own messages only */
  state?: DeliveryState;
  error?: string;
  /** the shop's assistant wrote it */
  assistant?: boolean;
  /** the assistant's answer: which one (its deltas carry the same id) and the documents it cites */
  answerId?: string;
  citations?: Citation[];
  /** an answer still being written: its deltas so far, until the stored message replaces it */
  streaming?: boolean;
}

/** An answer of the assistant being written: the text of its deltas so far, and when the first came. */
export interface StreamingAnswer {
  text: string;
  startedAt: string;
}

/** One of our messages, kept and resent until the server acknowledges it. */
export interface Outgoing extends ShownMessage {
  clientMessageId: string;
  /** when the last attempt went out; an attempt without an answer is retried after a while */
  sentAt?: number;
  retryAt?: number;
}

/** live: the socket is up; fallback: down, but HTTP works; offline: neither answers. */
export type Link = 'connecting' | 'live' | 'fallback' | 'offline';

export type Stage = 'intro' | 'chat' | 'ended';

export interface WidgetState {
  /** the seller or team this widget talks to */
  readonly sellerId: string;
  stage: Stage;
  link: Link;
  status: ContactStatus | undefined;
  sellerAway: boolean;
  sellerTyping: boolean;
  notice: string;
  /** while the chat waits: why, its place, and the auto-reply the server sent */
  waiting: QueueWait | undefined;
  /** the email the server stored for this chat, once it did */
  emailLeft: string | undefined;
  profile: Profile | undefined;
  /** seller messages the visitor has not seen (the panel was closed) */
  unseen: number;
  contactId: string | undefined;
  visitorToken: string | undefined;
  /** by server id */
  received: Map<string, ShownMessage>;
  /** by clientMessageId */
  outbox: Map<string, Outgoing>;
  /** the seller has read our messages up to this seq */
  sellerReadSeq: number;
  /** we hold every message up to this seq (see `advanceSynced` in chat-operations.ts) */
  syncedSeq: number;
  /** the highest seq our read receipts covered */
  readSent: number;
  panelOpen: boolean;
  /** when our last `typing start` went out; 0 once `stop` went */
  typingSentAt: number;
  /** a REST send is under way: they go one at a time */
  restBusy: boolean;
  /** the assistant's answers being written, by answerId, in the order they started */
  answers: Map<string, StreamingAnswer>;
  /** the assistant handed the chat to a person (the visitor asked, or it could not answer): it answers no more */
  handoff: HandoffReason | undefined;
  /** the shop's assistant answers this chat while it waits: only then is there a person to ask for instead */
  assistant: boolean;
  /** the visitor pressed "Talk to a person" and no handoff came yet: asked again when the socket comes back */
  humanAsked: boolean;
}

/** What the widget says once the assistant handed the chat to a person, by why it did. */
export const HANDOFF_TEXT: Record<HandoffReason, string> = {
  requested: 'A person will answer here as soon as one is free.',
  'low-confidence': 'I could not find that in our documents; a person will answer here.',
  model: 'The assistant passed your question on; a person will answer here.',
  'assistant-unavailable': 'The assistant is unavailable right now; a person will answer here.',
};

/** The state of a page load: a saved chat is resumed where it was. */
export function initialState(sellerId: string, saved: SavedChat): WidgetState {
  return {
    sellerId,
    stage: saved.contactId ? 'chat' : 'intro',
    link: 'connecting',
    status: undefined,
    sellerAway: false,
    sellerTyping: false,
    notice: '',
    waiting: saved.contactId ? saved.waiting : undefined,
    emailLeft: saved.contactId ? saved.emailLeft : undefined,
    profile: saved.profile,
    unseen: 0,
    contactId: saved.contactId,
    visitorToken: saved.visitorToken,
    received: new Map(),
    outbox: new Map(),
    sellerReadSeq: 0,
    syncedSeq: 0,
    readSent: 0,
    panelOpen: false,
    typingSentAt: 0,
    restBusy: false,
    answers: new Map(),
    handoff: saved.contactId ? saved.handoff : undefined,
    assistant: saved.contactId ? saved.assistant === true : false,
    humanAsked: false,
  };
}

/** A copy to change freely: the maps and every message in them are copied too. */
export function copyState(state: WidgetState): WidgetState {
  return {
    ...state,
    received: new Map([...state.received].map(([key, message]) => [key, { ...message }])),
    outbox: new Map([...state.outbox].map(([key, message]) => [key, { ...message }])),
    answers: new Map([...state.answers].map(([key, answer]) => [key, { ...answer }])),
  };
}

/** Messages in display order: stored ones by seq, the assistant's answers being written, then ours that are still on their way. */
export function shownMessages(state: WidgetState): ShownMessage[] {
  const bySeq = new Map<number, ShownMessage>();
  for (const message of [...state.received.values(), ...state.outbox.values()]) {
    if (message.seq !== undefined) bySeq.set(message.seq, withReadState(state, message));
  }
  const streaming = [...state.answers].map(([answerId, answer]): ShownMessage => ({
    key: `answer:${answerId}`,
    answerId,
    own: false,
    assistant: true,
    streaming: true,
    text: answer.text,
    timestamp: answer.startedAt,
  }));
  const pending = [...state.outbox.values()].filter((m) => m.seq === undefined);
  return [...[...bySeq.values()].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)), ...streaming, ...pending];
}

/** "Talk to a person" shows while the chat waits and the shop's assistant answers it (not stopped in it). */
export function mayAskForHuman(state: WidgetState): boolean {
  return state.stage === 'chat' && state.status === 'queued' && state.contactId !== undefined && state.assistant && state.handoff === undefined;
}

/** ASSISTANT `first`: the assistant holds the chat in no queue (no wait was announced), until it or the visitor hands it over. */
export function withAssistantFirst(state: WidgetState): boolean {
  return mayAskForHuman(state) && state.waiting === undefined;
}

/** The notice once the assistant handed the chat to a person, while the chat still waits for one; '' otherwise. */
export function handoffNotice(state: WidgetState): string {
  return state.handoff && state.stage === 'chat' && state.status === 'queued' ? HANDOFF_TEXT[state.handoff] : '';
}

function withReadState(state: WidgetState, message: ShownMessage): ShownMessage {
  if (!message.own || message.seq === undefined || message.seq > state.sellerReadSeq) return message;
  return { ...message, state: 'read' };
}
