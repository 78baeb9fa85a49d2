/**
 * What clients send: one zod schema per WebSocket frame, HTTP body, path and query. The TypeScript
 * types are inferred from them, and so is docs/protocol.md (`npm run docs:protocol`).
 */
import * as z from 'zod/mini';
import { ATTACHMENT_TYPES, AttachmentId, ClientMessageId, ContactId, ContactStatus, Id, IdInput, MAX_ATTACHMENTS_PER_MESSAGE, Seq } from './ids';
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

/** An http(s) URL as a page reports it; past `max` characters it is refused, below that the server cuts it (VISITOR_CONTEXT_LIMITS). */
const pageUrl = (field: string, max: number) => z.string().check(z.maxLength(max), z.regex(/^https?:\/\/[^\s]+$/, `${field} must be an http or https URL`));

/** What the widget tells about the page the visitor is on: each field optional; the server keeps it for the chat's sellers only. */
export const VisitorContext = z.strictObject({
  url: z.optional(pageUrl('context.url', 4096)),
  title: z.optional(z.string().check(z.maxLength(1000))),
  // empty when the visitor came straight to the page
  referrer: z.optional(z.union([z.literal(''), pageUrl('context.referrer', 4096)])),
  language: z.optional(z.string().check(z.regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,6}$/, 'context.language must be a language tag such as en-GB'))),
  // the shape of an IANA name only: a browser may know zones this server's ICU does not, and the dashboard shows an unknown one as is
  timeZone: z.optional(z.string().check(z.maxLength(64), z.regex(/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/, 'context.timeZone must be an IANA time zone such as Europe/Oslo'))),
});
export type VisitorContext = z.infer<typeof VisitorContext>;

/** Files a message carries, each uploaded first through POST /v1/contacts/{id}/attachments; the message needs `contact_id` then. */
const attachmentRefs = z.optional(
  z
    .array(z.object({ attachmentId: AttachmentId }))
    .check(z.minLength(1, 'attachments must not be empty'), z.maxLength(MAX_ATTACHMENTS_PER_MESSAGE, `a message carries at most ${MAX_ATTACHMENTS_PER_MESSAGE} attachments`)),
);

/** A message says something, carries files, or both; files need the chat named by `contact_id`. */
const textOrFiles = <T extends { message?: string; attachments?: unknown[]; contact_id?: string }>() => [
  // named at the field, as a missing field is: "message is required"
  z.refine<T>((frame) => frame.message !== undefined || frame.attachments !== undefined, { message: 'is required', path: ['message'] }),
  z.refine<T>((frame) => frame.attachments === undefined || frame.contact_id !== undefined, {
    message: 'need contact_id, the chat they were uploaded into',
    path: ['attachments'],
  }),
];

// ---- WebSocket frames ----

export const InitChatFrame = z.object({
  action: z.literal('InitChat'),
  sellerId: IdInput,
  userInfo,
  timestamp,
  /** our widget's page context; the seed widget sends none */
  context: z.optional(VisitorContext),
});
export type InitChatFrame = z.infer<typeof InitChatFrame>;

export const SendMessageFrame = z
  .object({
    action: z.literal('sendMessage'),
    type: z.optional(z.literal('message')),
    from: z.optional(z.unknown()), // ignored: the sender is the connection's identity
    to: z.optional(IdInput),
    message: z.optional(nonEmptyMessage),
    attachments: attachmentRefs,
    timestamp,
    clientMessageId: z.optional(ClientMessageId),
    contact_id: z.optional(ContactId),
  })
  .check(...textOrFiles());
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

/** The visitor's widget on a new page (a load or an in-page navigation) of an open chat; rate-limited per visitor (RATE_LIMIT_VISITOR_CONTEXT). */
export const VisitorContextFrame = z.object({
  action: z.literal('visitorContext'),
  contact_id: ContactId,
  context: VisitorContext,
});
export type VisitorContextFrame = z.infer<typeof VisitorContextFrame>;

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

export const SendMessageBody = z
  .object({
    sellerId: IdInput,
    widgetId: z.optional(z.union([z.string().check(z.maxLength(128)), z.number()])),
    message: z.optional(nonEmptyMessage),
    attachments: attachmentRefs,
    userInfo: z.optional(userInfo),
    timestamp,
    deviceId: z.optional(IdInput),
    contact_id: z.optional(ContactId),
    clientMessageId: z.optional(ClientMessageId),
  })
  .check(...textOrFiles());
export type SendMessageBody = z.infer<typeof SendMessageBody>;

/** Limits of the seller tools (docs/security.md). */
export const MAX_NOTE_LENGTH = 2000;
export const MAX_LABELS_PER_CHAT = 20;
export const MAX_SAVED_REPLY_LENGTH = 2000;

/** A label: what a seller files a chat under; letters, digits, spaces, `_` and `-`, 1-32 characters. */
export const Label = z
  .string()
  .check(
    z.minLength(1, 'a label must not be empty'),
    z.maxLength(32, 'a label has at most 32 characters'),
    z.regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, 'a label holds letters, digits, spaces, _ and -, and starts with a letter or digit'),
  );

/** POST /v1/contacts/{id}/notes. */
export const NoteBody = z.object({
  text: z.string().check(
    z.minLength(1, 'text must not be empty'),
    z.maxLength(MAX_NOTE_LENGTH, `text has at most ${MAX_NOTE_LENGTH} characters`),
    z.refine((value: string) => !looksEmpty(value), 'text shows nothing: it is only spaces or invisible characters'),
  ),
});
export type NoteBody = z.infer<typeof NoteBody>;

/** PUT /v1/contacts/{id}/labels: the chat's whole set of labels ([] removes them all). */
export const LabelsBody = z.object({
  labels: z.array(Label).check(z.maxLength(MAX_LABELS_PER_CHAT, `at most ${MAX_LABELS_PER_CHAT} labels per chat`)),
});
export type LabelsBody = z.infer<typeof LabelsBody>;

/** POST /v1/contacts/{id}/rating: the visitor's satisfaction, 1 (bad) to 5 (very good), once per chat. */
export const RatingBody = z.object({
  score: z.int('score must be a whole number from 1 to 5').check(z.gte(1, 'score is 1 to 5'), z.lte(5, 'score is 1 to 5')),
  comment: z.optional(z.string().check(z.maxLength(1000, 'comment has at most 1000 characters'))),
});
export type RatingBody = z.infer<typeof RatingBody>;

/** A saved reply's id, chosen by the client (a slug or a random id). */
export const SavedReplyPath = z.object({ id: Id });
/** `teamId`: the team whose reply it is; the seller's own when left out. */
export const SavedReplyQuery = z.object({ teamId: z.optional(Id) });
/** PUT /v1/saved-replies/{id}: typing `/` and the shortcut offers the text. */
export const SavedReplyBody = z.object({
  shortcut: z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'shortcut is 1-32 of a-z 0-9 _ - (lower case), starting with a letter or digit')),
  text: z.string().check(
    z.minLength(1, 'text must not be empty'),
    z.maxLength(MAX_SAVED_REPLY_LENGTH, `text has at most ${MAX_SAVED_REPLY_LENGTH} characters`),
    z.refine((value: string) => !looksEmpty(value), 'text shows nothing: it is only spaces or invisible characters'),
  ),
  teamId: z.optional(Id),
});
export type SavedReplyBody = z.infer<typeof SavedReplyBody>;

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
  /** the chats carrying this label, of every status (status is then ignored), read by key */
  label: z.optional(Label),
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

/** POST /v1/contacts/{id}/attachments: the file the client is about to upload; MAX_ATTACHMENT_BYTES is checked after parsing (413). */
export const CreateAttachmentBody = z.object({
  name: z.string().check(
    z.maxLength(200, 'name must be at most 200 characters'),
    z.refine((name: string) => !looksEmpty(name), 'name must not be empty'),
  ),
  type: z.enum(ATTACHMENT_TYPES, { error: `type must be one of ${ATTACHMENT_TYPES.join(', ')}` }),
  size: z.int({ error: "size must be the file's size in bytes" }).check(z.positive("size must be the file's size in bytes")),
});
export type CreateAttachmentBody = z.infer<typeof CreateAttachmentBody>;

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
