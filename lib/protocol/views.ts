/** The bodies of the HTTP API's answers, as types: the routes build them, the pages read them. */
import type { ChatMessageFrame } from './outbound';
import type { ContactStatus, Role } from './ids';

/** A contact as its visitor or seller sees it; visitors do not see the seller's title, tags and queue. */
export interface ContactView {
  contact_id: string;
  status: ContactStatus;
  visitor: { userId: string; userInfo: Record<string, unknown> };
  sellerId: string | null;
  target: string;
  title?: string | null;
  tags?: string[];
  queueKey?: string | null;
  createdAt: string;
  lastActivityAt: string;
  assignedAt: string | null;
  endedAt: string | null;
  endedBy: Role | null;
  lastSeq: number;
  /** The seq of each side's last message: a seller's unread count is `lastSeqBy.visitor - read.seller` when positive. */
  lastSeqBy: { visitor: number; seller: number };
  read: { visitor: number; seller: number };
}

/** GET /v1/contacts/{id}: the contact and its newest messages. */
export interface ContactWithMessages extends ContactView {
  messages: ChatMessageFrame[];
}

/** GET /v1/contacts and GET /v1/visitors/{deviceId}/contacts. */
export interface ContactList {
  contacts: ContactView[];
  nextCursor: string | null;
}

/** GET /v1/contacts/{id}/messages: `nextAfter` is the `after` of the next page, null on the last one. */
export interface MessagePage {
  messages: ChatMessageFrame[];
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

/** POST /v1/contacts/{id}/attachments: post `fields` and then the file (as `file`) to `url`, before `expiresAt`. */
export interface AttachmentUploadAnswer {
  attachmentId: string;
  upload: { url: string; fields: Record<string, string> };
  expiresAt: string;
}
