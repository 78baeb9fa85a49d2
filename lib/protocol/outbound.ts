/**
 * What the server pushes: one builder per WebSocket frame. Only a chat message and the InitChat ack
 * carry a top-level `message` string: the seed widget renders any frame with `message` as a chat line.
 * The pages import the types below (`import type`), so a change here that they do not follow fails
 * `tsc -p web`.
 */
import type { ChatError } from '../platform/errors';
import type { ContactStatus, HandoffReason, MessageRole, Role, WaitReason } from './ids';

export type PresenceStatus = 'online' | 'away' | 'offline';

/** Why a chat entered its queue: a new chat found nobody, a transfer found nobody, or its seller was gone too long. */
export type QueueReason = 'new' | 'transfer' | 'presence';
/** Why a chat left its queue. */
export type DequeueReason = 'assigned' | 'ended' | 'transferred';
/** Why a chat moved to another seller: a seller transferred it, or its seller did not answer in the target's first-response time. */
export type TransferReason = 'transfer' | 'first-response';

/** How a waiting chat waits: why, its place in the queue (1 = next; null when unknown), and what the visitor was told at once. */
/** A private note as sellers read it (pushed in `privateNote`, listed in the history API's `notes`). */
export interface NoteView {
  id: string;
  afterSeq: number;
  /** `seller`: a seller wrote it (`from` is its id); `system`: the service did (a transfer, the assistant's handoff) */
  authorRole: 'seller' | 'system';
  from: string;
  kind: 'note' | 'transfer' | 'handoff';
  text: string;
  timestamp: string;
}

export interface QueueWait {
  reason: WaitReason;
  position: number | null;
  autoReply?: string;
}

/**
 * The page a visitor is on, as the chat's sellers see it: what the widget reported, cut to
 * VISITOR_CONTEXT_LIMITS, and when it was reported (`at`).
 */
export interface VisitorContextView {
  url?: string;
  title?: string;
  referrer?: string;
  language?: string;
  timeZone?: string;
  at: string;
}

/** A file a message carries, with a short-lived download link for this reader. */
export interface AttachmentView {
  attachmentId: string;
  name: string;
  type: string;
  size: number;
  url: string;
}

/** A line per file, for clients that show only `message` (the seed widget): its name and its link. */
export const attachmentLines = (attachments: AttachmentView[]): string => attachments.map((file) => `📎 ${file.name}: ${file.url}`).join('\n');

export const frames = {
  /** `visitorToken` only for a visitor session: a device session gets none. */
  /** A new chat that waits says how (`queue`); the auto-reply rides in `queue.autoReply`, never in `message`, which the seed widget shows. */
  initChatAck(args: { contactId: string; status: ContactStatus; sellerId: string | null; visitorToken?: string; queue?: QueueWait; assistant?: boolean }) {
    return {
      action: 'InitChat' as const,
      contact_id: args.contactId,
      message: 'Chat initialized successfully' as const,
      status: args.status,
      sellerId: args.sellerId,
      ...(args.visitorToken ? { visitorToken: args.visitorToken } : {}),
      ...(args.queue ? { queue: args.queue } : {}),
      // the shop's assistant answers this chat while it waits: the widget offers "Talk to a person"
      ...(args.assistant ? { assistant: true as const } : {}),
    };
  },
  /** To the seller that got the chat. */
  contactAssignedToSeller(args: { contactId: string; visitorId: string; userInfo: Record<string, unknown> }) {
    return {
      action: 'contactAssigned' as const,
      contact_id: args.contactId,
      visitor: { userId: args.visitorId, userInfo: args.userInfo },
      status: 'assigned' as const,
    };
  },
  /** To the visitor whose queued chat found a seller. */
  contactAssignedToVisitor(args: { contactId: string; sellerId: string }) {
    return { action: 'contactAssigned' as const, contact_id: args.contactId, sellerId: args.sellerId, status: 'assigned' as const };
  },
  chatMessage(args: {
    id: string;
    contactId: string;
    seq: number;
    from: string;
    to: string | null;
    role: MessageRole;
    text: string;
    createdAt: string;
    clientMessageId?: string;
    /** an assistant's answer: where it came from, and the tokens it took */
    citations?: { docId: string; title: string; url?: string }[];
    tokens?: { input: number; output: number };
    answerId?: string;
    /** A soft-deleted message keeps its place in the order but loses its text for every reader. */
    deletedAt?: string;
    /** Files with their links: then `message` also names each file and its link (for the seed widget), and `text` is the sender's own text alone. */
    attachments?: AttachmentView[];
  }) {
    const files = args.attachments?.length && !args.deletedAt ? args.attachments : undefined;
    const message = files ? [args.text, attachmentLines(files)].filter(Boolean).join('\n') : args.text;
    return {
      action: 'sendMessage' as const,
      type: 'message' as const,
      id: args.id,
      contact_id: args.contactId,
      seq: args.seq,
      from: args.from,
      to: args.to,
      role: args.role,
      ...(args.deletedAt ? { deleted: true as const, deletedAt: args.deletedAt } : { message }),
      ...(files ? { text: args.text, attachments: files } : {}),
      timestamp: args.createdAt,
      ...(args.clientMessageId ? { clientMessageId: args.clientMessageId } : {}),
      ...(args.answerId ? { answerId: args.answerId } : {}),
      ...(args.citations ? { citations: args.citations } : {}),
      ...(args.tokens ? { tokens: args.tokens } : {}),
    };
  },
  /**
   * A piece of the assistant's answer while it is written. Never `message` or `type: "message"`:
   * the seed widget draws any frame with one of them as a bubble, and must see only the final message.
   */
  assistantDelta(args: { contactId: string; answerId: string; delta: string }) {
    return { action: 'assistantDelta' as const, contact_id: args.contactId, answerId: args.answerId, delta: args.delta };
  },
  /** A piece of a draft reply the assistant writes for the seller who asked; never sent to the visitor. */
  suggestionDelta(args: { contactId: string; suggestionId: string; delta: string }) {
    return { action: 'suggestionDelta' as const, contact_id: args.contactId, suggestionId: args.suggestionId, delta: args.delta };
  },
  /** The whole draft, with where it came from: the seller edits it and sends it as any reply. */
  suggestionDone(args: { contactId: string; suggestionId: string; text: string; citations: { docId: string; title: string; url?: string }[] }) {
    return { action: 'suggestionDone' as const, contact_id: args.contactId, suggestionId: args.suggestionId, text: args.text, citations: args.citations };
  },
  /** The assistant handed the chat to a person: why, and where the chat waits now. */
  assistantHandoff(args: { contactId: string; reason: HandoffReason; status: ContactStatus; queue?: QueueWait }) {
    return { action: 'assistantHandoff' as const, contact_id: args.contactId, reason: args.reason, status: args.status, ...(args.queue ? { queue: args.queue } : {}) };
  },
  /** `timestamp` is the stored message's, so the sender shows the same time as the recipient. */
  messageAck(args: { id: string; contactId: string; seq: number; clientMessageId?: string; delivered: boolean; duplicate: boolean; timestamp: string }) {
    return {
      action: 'messageAck' as const,
      id: args.id,
      contact_id: args.contactId,
      seq: args.seq,
      clientMessageId: args.clientMessageId ?? null,
      delivered: args.delivered,
      duplicate: args.duplicate,
      timestamp: args.timestamp,
    };
  },
  /** First frame on every new connection: who the server thinks you are; sellers also learn their stored presence. */
  connected(args: { connectionId: string; role: Role; userId: string; presence?: 'online' | 'away' }) {
    return {
      action: 'connected' as const,
      connectionId: args.connectionId,
      role: args.role,
      userId: args.userId,
      ...(args.presence ? { presence: args.presence } : {}),
    };
  },
  error(error: ChatError, requestId: string, clientMessageId?: string) {
    return {
      action: 'error' as const,
      type: 'error' as const,
      error: {
        code: error.code,
        message: error.message,
        ...(error.retryAfterSeconds ? { retryAfter: error.retryAfterSeconds } : {}),
      },
      requestId,
      ...(clientMessageId ? { clientMessageId } : {}),
    };
  },
  typing(args: { contactId: string; state: 'start' | 'stop'; role: Role; from: string }) {
    return { action: 'typing' as const, contact_id: args.contactId, state: args.state, role: args.role, from: args.from };
  },
  read(args: { contactId: string; role: Role; upToSeq: number; readAt: string }) {
    return { action: 'read' as const, contact_id: args.contactId, role: args.role, upToSeq: args.upToSeq, readAt: args.readAt };
  },
  /** To the seller's own connections: its presence as stored. */
  presence(args: { sellerId: string; status: 'online' | 'away' }) {
    return { action: 'presence' as const, sellerId: args.sellerId, status: args.status };
  },
  /** To a visitor: its seller's presence changed. */
  sellerPresence(args: { contactId: string; sellerId: string; status: PresenceStatus }) {
    return { action: 'sellerPresence' as const, contact_id: args.contactId, sellerId: args.sellerId, status: args.status };
  },
  /** After a resume's backlog: everything up to lastSeq was sent; live frames follow. */
  resumed(args: { contactId: string; afterSeq: number; lastSeq: number; count: number; status: ContactStatus }) {
    return {
      action: 'resumed' as const,
      contact_id: args.contactId,
      afterSeq: args.afterSeq,
      lastSeq: args.lastSeq,
      count: args.count,
      status: args.status,
    };
  },
  /** To the visitor that left an email on its chat. */
  emailSaved(args: { contactId: string; email: string }) {
    return { action: 'emailSaved' as const, contact_id: args.contactId, email: args.email };
  },
  /** To the chat's seller: the visitor is on another page (or said where it is at InitChat). Never to a visitor. */
  visitorContext(args: { contactId: string; context: VisitorContextView }) {
    return { action: 'visitorContext' as const, contact_id: args.contactId, context: args.context };
  },
  pong(time: string) {
    return { action: 'pong' as const, time };
  },
  contactEnded(args: { contactId: string; endedBy: Role; endedAt: string }) {
    return { action: 'contactEnded' as const, contact_id: args.contactId, status: 'ended' as const, endedBy: args.endedBy, endedAt: args.endedAt };
  },
  /** `sellerId` is the new seller when the move found one; `note` (the transferring seller's, for sellers only) is never sent to the visitor. */
  contactTransferred(args: {
    contactId: string;
    fromSellerId: string;
    toSellerId: string | null;
    toTeamId: string | null;
    status: ContactStatus;
    sellerId?: string;
    reason: TransferReason;
    note?: string;
  }) {
    return {
      action: 'contactTransferred' as const,
      contact_id: args.contactId,
      fromSellerId: args.fromSellerId,
      toSellerId: args.toSellerId,
      toTeamId: args.toTeamId,
      status: args.status,
      reason: args.reason,
      ...(args.sellerId ? { sellerId: args.sellerId } : {}),
      ...(args.note ? { note: args.note } : {}),
    };
  },
  messageDeleted(args: { contactId: string; id: string; seq: number; deletedBy: Role; deletedAt: string }) {
    return {
      action: 'messageDeleted' as const,
      contact_id: args.contactId,
      id: args.id,
      seq: args.seq,
      deletedBy: args.deletedBy,
      deletedAt: args.deletedAt,
    };
  },
  /**
   * A chat entered queue `queueKey`; fromSellerId is null when reason is "new" (it started with nobody
   * available). `waiting` says how it waits (only the visitor's copy carries the auto-reply).
   */
  contactQueued(args: { contactId: string; queueKey: string; fromSellerId: string | null; reason: QueueReason; waiting?: QueueWait }) {
    return {
      action: 'contactQueued' as const,
      contact_id: args.contactId,
      status: 'queued' as const,
      queueKey: args.queueKey,
      fromSellerId: args.fromSellerId,
      reason: args.reason,
      ...(args.waiting ? { waiting: args.waiting } : {}),
    };
  },
  /**
   * A private note on a chat, to its sellers only (never to the visitor): it sits after the message
   * whose seq is `afterSeq`. No top-level `message`: nothing a visitor's client shows as a chat line.
   */
  privateNote(args: { contactId: string; note: NoteView }) {
    return { action: 'privateNote' as const, contact_id: args.contactId, note: args.note };
  },
  /** To the sellers of a queue: a chat left it; `sellerId` names who took it when reason is "assigned". */
  contactLeftQueue(args: { contactId: string; queueKey: string; reason: DequeueReason; sellerId: string | null }) {
    return {
      action: 'contactLeftQueue' as const,
      contact_id: args.contactId,
      queueKey: args.queueKey,
      reason: args.reason,
      sellerId: args.sellerId,
    };
  },
};

type Builders = typeof frames;
/** The frame a builder makes, by its name: `FrameOf<'chatMessage'>`. */
export type FrameOf<K extends keyof Builders> = ReturnType<Builders[K]>;
/** Every frame the server pushes; `action` tells them apart (contactAssigned has a seller's and a visitor's shape). */
export type ServerFrame = { [K in keyof Builders]: ReturnType<Builders[K]> }[keyof Builders];
export type ChatMessageFrame = FrameOf<'chatMessage'>;
