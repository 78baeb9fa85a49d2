/**
 * The wire protocol: one zod schema per inbound frame and HTTP body (types are inferred from them),
 * and one builder per outbound frame. Only a chat message and the InitChat ack carry a top-level
 * `message` string: the seed widget renders any frame with `message` as a chat line.
 */
import { z } from 'zod';
import { badRequest, type ChatError } from './errors';

/** Seller, team and device ids: printable, short, and safe inside our `kind#id` keys. */
const id = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((value) => String(value))
  .pipe(z.string().min(1).max(128).regex(/^[A-Za-z0-9._:@-]+$/, 'use letters, digits and . _ : @ -'));

const timestamp = z.union([z.string().max(64), z.number()]).optional();
const clientMessageId = z.string().min(1).max(128).optional();
const contactId = z.string().min(1).max(64).optional();
// `__proto__` would become the copy's prototype, not a field, and break the item on its way to DynamoDB
const userInfo = z.record(
  z.string().refine((key) => key !== '__proto__', 'the key __proto__ is not allowed'),
  z.unknown(),
);

export const InitChatFrame = z.object({
  action: z.literal('InitChat'),
  sellerId: id,
  userInfo,
  timestamp,
});
export type InitChatFrame = z.infer<typeof InitChatFrame>;

export const SendMessageFrame = z.object({
  action: z.literal('sendMessage'),
  type: z.literal('message').optional(),
  from: z.unknown().optional(), // ignored: the sender is the connection's identity
  to: id.optional(),
  message: z.string().min(1, 'message must not be empty'),
  timestamp,
  clientMessageId,
  contact_id: contactId,
});
export type SendMessageFrame = z.infer<typeof SendMessageFrame>;

export const SendMessageBody = z.object({
  sellerId: id,
  widgetId: z.union([z.string().max(128), z.number()]).optional(),
  message: z.string().min(1, 'message must not be empty'),
  userInfo: userInfo.optional(),
  timestamp,
  deviceId: id.optional(),
  contact_id: contactId,
  clientMessageId,
});
export type SendMessageBody = z.infer<typeof SendMessageBody>;

/** Frames may name the client's message id even when they fail validation; errors echo it. */
export const ClientMessageIdProbe = z.object({ clientMessageId: z.string().max(128) });

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const field = issue.path.length ? issue.path.join('.') : 'body';
  if (issue.path.length && valueAt(input, issue.path) === undefined) return `${field} is required`;
  return `${field}: ${issue.message}`;
}

/** Parses with a schema or throws BAD_REQUEST naming the first offending field. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw badRequest(first ? describeIssue(first, input) : 'invalid request');
}

/** Parses a text frame or HTTP body as a JSON object. */
export function parseJsonObject(raw: unknown, what: string): Record<string, unknown> {
  if (typeof raw !== 'string') throw badRequest(`${what} must be JSON text; binary frames are not supported`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw badRequest(`${what} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

export type Role = 'visitor' | 'seller';
export type ContactStatus = 'assigned' | 'queued' | 'ended';

export const frames = {
  initChatAck(args: { contactId: string; status: ContactStatus; sellerId: string | null; visitorToken: string }) {
    return {
      action: 'InitChat',
      contact_id: args.contactId,
      message: 'Chat initialized successfully',
      status: args.status,
      sellerId: args.sellerId,
      visitorToken: args.visitorToken,
    };
  },
  /** To the seller that got the chat. */
  contactAssignedToSeller(args: { contactId: string; visitorId: string; userInfo: unknown }) {
    return {
      action: 'contactAssigned',
      contact_id: args.contactId,
      visitor: { userId: args.visitorId, userInfo: args.userInfo },
      status: 'assigned',
    };
  },
  /** To the visitor whose queued chat found a seller. */
  contactAssignedToVisitor(args: { contactId: string; sellerId: string }) {
    return { action: 'contactAssigned', contact_id: args.contactId, sellerId: args.sellerId, status: 'assigned' };
  },
  chatMessage(args: {
    id: string;
    contactId: string;
    seq: number;
    from: string;
    to: string | null;
    role: Role;
    text: string;
    createdAt: string;
    clientMessageId?: string;
    /** A soft-deleted message keeps its place in the order but loses its text for every reader. */
    deletedAt?: string;
  }) {
    return {
      action: 'sendMessage',
      type: 'message',
      id: args.id,
      contact_id: args.contactId,
      seq: args.seq,
      from: args.from,
      to: args.to,
      role: args.role,
      ...(args.deletedAt ? { deleted: true, deletedAt: args.deletedAt } : { message: args.text }),
      timestamp: args.createdAt,
      ...(args.clientMessageId ? { clientMessageId: args.clientMessageId } : {}),
    };
  },
  /** `timestamp` is the stored message's, so the sender shows the same time as the recipient. */
  messageAck(args: {
    id: string;
    contactId: string;
    seq: number;
    clientMessageId?: string;
    delivered: boolean;
    duplicate: boolean;
    timestamp: string;
  }) {
    return {
      action: 'messageAck',
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
      action: 'connected',
      connectionId: args.connectionId,
      role: args.role,
      userId: args.userId,
      ...(args.presence ? { presence: args.presence } : {}),
    };
  },
  error(error: ChatError, requestId: string, clientMessageId?: string) {
    return {
      action: 'error',
      type: 'error',
      error: {
        code: error.code,
        message: error.message,
        ...(error.retryAfterSeconds ? { retryAfter: error.retryAfterSeconds } : {}),
      },
      requestId,
      ...(clientMessageId ? { clientMessageId } : {}),
    };
  },
};

export type OutboundFrame = ReturnType<(typeof frames)[keyof typeof frames]>;
