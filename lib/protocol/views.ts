/** The bodies of the HTTP API's answers, as types: the routes build them, the pages read them. */
import type { ChatMessageFrame, NoteView, VisitorContextView } from './outbound';
import type { ContactStatus, Role } from './ids';

/** A contact as its visitor or seller sees it; visitors do not see the seller's title, tags and queue. */
export interface ContactView {
  contact_id: string;
  status: ContactStatus;
  visitor: { userId: string; userInfo: Record<string, unknown> };
  sellerId: string | null;
  target: string;
  title?: string | null;
  /** the chat's labels (sellers only); `labels` is the word, `tags` the older name of the same list, kept for existing clients */
  tags?: string[];
  labels?: string[];
  queueKey?: string | null;
  /** sellers only, while the chat is open: the page the visitor is on now (null before the widget said) */
  visitorContext?: VisitorContextView | null;
  createdAt: string;
  lastActivityAt: string;
  assignedAt: string | null;
  endedAt: string | null;
  endedBy: Role | null;
  lastSeq: number;
  /** The seq of each side's last message: a seller's unread count is `lastSeqBy.visitor - read.seller` when positive. */
  lastSeqBy: { visitor: number; seller: number };
  read: { visitor: number; seller: number };
  /** the visitor's satisfaction rating, once the chat ended and the visitor gave one */
  rating?: { score: number; comment?: string; ratedAt: string };
}

/** One of a visitor's earlier chats with the same target, as a seller sees it listed: no messages, no userInfo. */
export interface EarlierChat {
  contact_id: string;
  status: ContactStatus;
  createdAt: string;
}

/** GET /v1/contacts/{id}: the contact and its newest messages. */
export interface ContactWithMessages extends ContactView {
  messages: ChatMessageFrame[];
  /** sellers only: the chat's private notes, each after the message whose seq is its afterSeq */
  notes?: NoteView[];
  /** sellers only: the visitor's earlier chats with this chat's target, newest first (at most EARLIER_CHATS) */
  earlierChats?: EarlierChat[];
}

/** GET /v1/contacts and GET /v1/visitors/{deviceId}/contacts. */
export interface ContactList {
  contacts: ContactView[];
  nextCursor: string | null;
}

/** GET /v1/contacts/{id}/messages: `nextAfter` is the `after` of the next page, null on the last one. */
export interface MessagePage {
  messages: ChatMessageFrame[];
  /** sellers only: the private notes that sit among this page's messages */
  notes?: NoteView[];
  lastSeq: number;
  nextAfter: number | null;
}

/** POST /sendmessage. */
export interface RestSendAnswer {
  id: string;
  contact_id: string;
  seq: number;
  /** for the next calls; null for a device session (a body with a deviceId and no credential) */
  visitorToken: string | null;
  delivered: boolean;
  duplicate: boolean;
  clientMessageId: string | null;
  status: ContactStatus;
  sellerId: string | null;
}

/** POST /v1/connect-tickets: a ticket for one upgrade (`?ticket=`), and a visitor's new or renewed session. */
export interface ConnectTicketAnswer {
  ticket: string;
  /** ISO time after which the ticket opens nothing */
  ticketExpiresAt: string;
  role: 'visitor' | 'seller';
  userId: string;
  visitorSession?: string;
  visitorSessionExpiresAt?: string;
}

/** A knowledge document as listed: what it is and how big, not its text. */
export interface KnowledgeDocumentView {
  docId: string;
  title: string;
  url?: string;
  format: 'markdown' | 'text' | 'html';
  /** the text's size in UTF-8 bytes */
  bytes: number;
  passageCount: number;
  updatedAt: string;
}

/** PUT /v1/knowledge/{docId}: the document as stored; `created` false when it replaced one. */
export interface KnowledgePutAnswer extends KnowledgeDocumentView {
  target: string;
  created: boolean;
}

/** GET /v1/knowledge: the target's documents and how many it may hold (KNOWLEDGE_MAX_DOCS). */
export interface KnowledgeDocumentList {
  target: string;
  documents: KnowledgeDocumentView[];
  maxDocuments: number;
}

/** GET /v1/knowledge/{docId}: the document and its passages, as retrieval sees them. */
export interface KnowledgeDocumentWithPassages extends KnowledgeDocumentView {
  target: string;
  passages: { passageId: string; heading?: string; text: string }[];
}

/** DELETE /v1/knowledge/{docId}. */
export interface KnowledgeDeleteAnswer {
  target: string;
  docId: string;
  deleted: true;
}

/** A saved reply as listed: whose it is (`seller` or `team` and its id) and what `/shortcut` inserts. */
export interface SavedReplyView {
  id: string;
  scope: 'seller' | 'team';
  owner: string;
  shortcut: string;
  text: string;
  updatedAt: string;
  updatedBy: string;
}

/** GET /v1/saved-replies: the seller's own and its teams'. */
export interface SavedReplyList {
  replies: SavedReplyView[];
}

/** POST /v1/contacts/{id}/rating. */
export interface RatingAnswer {
  contact_id: string;
  rating: { score: number; comment?: string; ratedAt: string };
}

/** POST /v1/contacts/{id}/attachments: post `fields` and then the file (as `file`) to `url`, before `expiresAt`. */
export interface AttachmentUploadAnswer {
  attachmentId: string;
  upload: { url: string; fields: Record<string, string> };
  expiresAt: string;
}
