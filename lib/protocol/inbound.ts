/**
 * What clients send: one zod schema per WebSocket frame, HTTP body, path and query. The TypeScript
 * types are inferred from them, and so is docs/protocol.md (`npm run docs:protocol`).
 */
import * as z from 'zod/mini';
import { ClientMessageId, ContactId, ContactStatus, Id, IdInput, Seq } from './ids';
import { EMAIL_PATTERN, looksEmpty } from './text';

const timestamp = z.optional(z.union([z.string().check(z.maxLength(64)), z.number()]));
// `__proto__` would become the copy's prototype, not a field, and break the item on its way to DynamoDB
const userInfo = z
  .record(z.string().check(z.refine((key) => key !== '__proto__', 'the key __proto__ is not allowed')), z.unknown())
  // sellers write back to it: the same strict form as leaveEmail's (empty means none given)
  .check(
    z.refine(
      (info: Record<string, unknown>) => typeof info.email !== 'string' || info.email === '' || (info.email.length <= 254 && EMAIL_PATTERN.test(info.email)),
      'userInfo.email must look like name@example.com, in plain letters, digits and . _ + -',
    ),
  );
const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const nonEmptyMessage = z.string().check(
  z.minLength(1, 'message must not be empty'),
  z.refine((text: string) => !looksEmpty(text), 'message shows nothing: it is only spaces or invisible characters'),
);

/** A non-negative integer query parameter (query strings are text). */
const intParam = z.pipe(
  z.string().check(z.regex(/^\d{1,9}$/, 'must be a non-negative integer')),
  z.transform((value: string) => Number(value)),
);

// ---- WebSocket frames ----

export const InitChatFrame = z.object({
  action: z.literal('InitChat'),
  sellerId: IdInput,
  userInfo,
  timestamp,
});
export type InitChatFrame = z.infer<typeof InitChatFrame>;

export const SendMessageFrame = z.object({
  action: z.literal('sendMessage'),
  type: z.optional(z.literal('message')),
  from: z.optional(z.unknown()), // ignored: the sender is the connection's identity
  to: z.optional(IdInput),
  message: nonEmptyMessage,
  timestamp,
  clientMessageId: z.optional(ClientMessageId),
  contact_id: z.optional(ContactId),
});
export type SendMessageFrame = z.infer<typeof SendMessageFrame>;

export const TypingFrame = z.object({
  action: z.literal('typing'),
  contact_id: ContactId,
  state: z.enum(['start', 'stop']),
});
export type TypingFrame = z.infer<typeof TypingFrame>;

/** The visitor asks for a person instead of the shop's assistant (the widget's "Talk to a person"). */
export const RequestHumanFrame = z.object({
  action: z.literal('requestHuman'),
  contact_id: ContactId,
});
export type RequestHumanFrame = z.infer<typeof RequestHumanFrame>;

/** A seller asks the assistant for a draft reply to its chat's last visitor message ("Suggest a reply"). */
export const SuggestReplyFrame = z.object({
  action: z.literal('suggestReply'),
  contact_id: ContactId,
});
export type SuggestReplyFrame = z.infer<typeof SuggestReplyFrame>;

/** A waiting visitor leaves an email to be answered at; it joins the chat's userInfo, where sellers read it. */
export const LeaveEmailFrame = z.object({
  action: z.literal('leaveEmail'),
  contact_id: ContactId,
  email: z.string().check(z.maxLength(254), z.regex(EMAIL_PATTERN, 'email must look like name@example.com, in plain letters, digits and . _ + -')),
});
export type LeaveEmailFrame = z.infer<typeof LeaveEmailFrame>;

export const ReadFrame = z.object({
  action: z.literal('read'),
  contact_id: ContactId,
  upToSeq: Seq,
});
export type ReadFrame = z.infer<typeof ReadFrame>;

export const PresenceFrame = z.object({
  action: z.literal('presence'),
  status: z.enum(['online', 'away']),
});
export type PresenceFrame = z.infer<typeof PresenceFrame>;

export const ResumeFrame = z.object({
  action: z.literal('resume'),
  contact_id: ContactId,
  afterSeq: z._default(Seq, 0),
});
export type ResumeFrame = z.infer<typeof ResumeFrame>;

export const PingFrame = z.object({ action: z.literal('ping') });

/** Frames may name the client's message id even when they fail validation; errors echo it. */
export const ClientMessageIdProbe = z.object({ clientMessageId: z.string().check(z.maxLength(128)) });

// ---- HTTP bodies, paths and queries ----

export const SendMessageBody = z.object({
  sellerId: IdInput,
  widgetId: z.optional(z.union([z.string().check(z.maxLength(128)), z.number()])),
  message: nonEmptyMessage,
  userInfo: z.optional(userInfo),
  timestamp,
  deviceId: z.optional(IdInput),
  contact_id: z.optional(ContactId),
  clientMessageId: z.optional(ClientMessageId),
});
export type SendMessageBody = z.infer<typeof SendMessageBody>;

export const ContactPath = z.object({ id: ContactId });

/** POST /v1/chat/conversations: a chat with `target` (seller or team), started without a socket. */
export const CreateConversationBody = z.object({
  target: IdInput,
  title: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  userInfo: z.optional(userInfo),
});
export type CreateConversationBody = z.infer<typeof CreateConversationBody>;

/** POST /v1/chat/conversations/{id}/messages: the visitor's question (seed 000's `content`). */
export const ConversationMessageBody = z.object({
  content: nonEmptyMessage,
  clientMessageId: z.optional(ClientMessageId),
});
export type ConversationMessageBody = z.infer<typeof ConversationMessageBody>;
export const MessagePath = z.object({ id: ContactId, msgId: text(128) });
export const VisitorPath = z.object({ deviceId: Id });

export const ListContactsQuery = z.object({
  status: z._default(ContactStatus, 'assigned'),
  limit: z.optional(intParam),
  cursor: z.optional(text(2048)),
});
export type ListContactsQuery = z.infer<typeof ListContactsQuery>;

export const PageQuery = z.object({
  limit: z.optional(intParam),
  cursor: z.optional(text(2048)),
});

export const ListMessagesQuery = z.object({
  after: z._default(intParam, 0),
  limit: z.optional(intParam),
});

export const UpdateContactBody = z
  .strictObject({
    title: z.optional(z.string().check(z.maxLength(200))),
    tags: z.optional(z.array(text(50)).check(z.maxLength(20))),
  })
  .check(z.refine((body) => body.title !== undefined || body.tags !== undefined, { message: 'give title or tags' }));
export type UpdateContactBody = z.infer<typeof UpdateContactBody>;

/** POST /v1/connect-tickets: empty, or a shop's signed logged-in customer. */
export const ConnectTicketBody = z.object({
  customer: z.optional(
    z.object({
      sellerId: IdInput,
      customerId: z.string().check(z.minLength(1), z.maxLength(256)),
      signature: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'signature must be 64 hex characters (HMAC-SHA256)')),
    }),
  ),
});
export type ConnectTicketBody = z.infer<typeof ConnectTicketBody>;

export const TransferBody = z.object({ toSellerId: z.optional(Id), toTeamId: z.optional(Id), note: z.optional(text(500)) }).check(
  z.refine((body) => (body.toSellerId === undefined) !== (body.toTeamId === undefined), {
    message: 'give exactly one of toSellerId and toTeamId',
  }),
);
export type TransferBody = z.infer<typeof TransferBody>;

// ---- the knowledge base: a seller's or team's documents (seller token) ----

export const KNOWLEDGE_FORMATS = ['markdown', 'text', 'html'] as const;
export const KnowledgeFormat = z.enum(KNOWLEDGE_FORMATS);
export type KnowledgeFormat = z.infer<typeof KnowledgeFormat>;

/** A document's id, chosen by the seller (a slug such as `shipping`): safe inside the store's `#`-joined keys. */
export const KnowledgeDocPath = z.object({ docId: Id });

/** `target`: the seller or team whose knowledge it is; the caller's own when left out. */
export const KnowledgeQuery = z.object({ target: z.optional(Id) });
export type KnowledgeQuery = z.infer<typeof KnowledgeQuery>;

/** PUT /v1/knowledge/{docId}: the text's size limit is KNOWLEDGE_MAX_DOC_BYTES, checked after parsing (413). */
export const PutKnowledgeBody = z.object({
  title: z.string().check(
    z.maxLength(200),
    z.refine((title: string) => !looksEmpty(title), 'title must not be empty'),
  ),
  text: z.string().check(z.refine((text: string) => !looksEmpty(text), 'text must not be empty')),
  format: z._default(KnowledgeFormat, 'markdown'),
  url: z.optional(z.string().check(z.maxLength(2048), z.regex(/^https?:\/\/[^\s]+$/, 'url must be an http or https URL'))),
});
export type PutKnowledgeBody = z.infer<typeof PutKnowledgeBody>;
