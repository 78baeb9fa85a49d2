/**
 * What clients send: one zod schema per WebSocket frame, HTTP body, path and query. The TypeScript
 * types are inferred from them, and so is docs/protocol.md (`npm run docs:protocol`).
 */
import * as z from 'zod';
import { ClientMessageId, ContactId, ContactStatus, Id, IdInput, Seq } from './ids';

const timestamp = z.union([z.string().max(64), z.number()]).optional();
// `__proto__` would become the copy's prototype, not a field, and break the item on its way to DynamoDB
const userInfo = z.record(
  z.string().refine((key) => key !== '__proto__', 'the key __proto__ is not allowed'),
  z.unknown(),
);

/** A non-negative integer query parameter (query strings are text). */
const intParam = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a non-negative integer')
  .transform((value) => Number(value));

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
  type: z.literal('message').optional(),
  from: z.unknown().optional(), // ignored: the sender is the connection's identity
  to: IdInput.optional(),
  message: z.string().min(1, 'message must not be empty'),
  timestamp,
  clientMessageId: ClientMessageId.optional(),
  contact_id: ContactId.optional(),
});
export type SendMessageFrame = z.infer<typeof SendMessageFrame>;

export const TypingFrame = z.object({
  action: z.literal('typing'),
  contact_id: ContactId,
  state: z.enum(['start', 'stop']),
});
export type TypingFrame = z.infer<typeof TypingFrame>;

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
  afterSeq: Seq.default(0),
});
export type ResumeFrame = z.infer<typeof ResumeFrame>;

export const PingFrame = z.object({ action: z.literal('ping') });

/** Frames may name the client's message id even when they fail validation; errors echo it. */
export const ClientMessageIdProbe = z.object({ clientMessageId: z.string().max(128) });

// ---- HTTP bodies, paths and queries ----

export const SendMessageBody = z.object({
  sellerId: IdInput,
  widgetId: z.union([z.string().max(128), z.number()]).optional(),
  message: z.string().min(1, 'message must not be empty'),
  userInfo: userInfo.optional(),
  timestamp,
  deviceId: IdInput.optional(),
  contact_id: ContactId.optional(),
  clientMessageId: ClientMessageId.optional(),
});
export type SendMessageBody = z.infer<typeof SendMessageBody>;

export const ContactPath = z.object({ id: ContactId });
export const MessagePath = z.object({ id: ContactId, msgId: z.string().min(1).max(128) });
export const VisitorPath = z.object({ deviceId: Id });

export const ListContactsQuery = z.object({
  status: ContactStatus.default('assigned'),
  limit: intParam.optional(),
  cursor: z.string().min(1).max(2048).optional(),
});
export type ListContactsQuery = z.infer<typeof ListContactsQuery>;

export const PageQuery = z.object({
  limit: intParam.optional(),
  cursor: z.string().min(1).max(2048).optional(),
});

export const ListMessagesQuery = z.object({
  after: intParam.default(0),
  limit: intParam.optional(),
});

export const UpdateContactBody = z
  .object({
    title: z.string().max(200).optional(),
    tags: z.array(z.string().min(1).max(50)).max(20).optional(),
  })
  .strict()
  .refine((body) => body.title !== undefined || body.tags !== undefined, { message: 'give title or tags' });
export type UpdateContactBody = z.infer<typeof UpdateContactBody>;

export const TransferBody = z
  .object({ toSellerId: Id.optional(), toTeamId: Id.optional() })
  .refine((body) => (body.toSellerId === undefined) !== (body.toTeamId === undefined), {
    message: 'give exactly one of toSellerId and toTeamId',
  });
export type TransferBody = z.infer<typeof TransferBody>;
