/**
 * The history API's and live-chat events' part of the wire protocol (the core frames live in
 * protocol.ts): one zod schema per inbound frame, HTTP body and query, one builder per outbound
 * frame. None of these frames carries a top-level `message` string: the seed widget would render it.
 */
import { z } from 'zod';
import type { ContactStatus, Role } from './protocol';

const contactId = z.string().min(1).max(64);
const seq = z.number().int().nonnegative();

/** Seller, team and device ids, as in protocol.ts: safe inside our `kind#id` keys. */
const id = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:@-]+$/, 'use letters, digits and . _ : @ -');

/** A non-negative integer query parameter (query strings are text). */
const intParam = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a non-negative integer')
  .transform((value) => Number(value));

// ---- WebSocket frames ----

export const TypingFrame = z.object({
  action: z.literal('typing'),
  contact_id: contactId,
  state: z.enum(['start', 'stop']),
});
export type TypingFrame = z.infer<typeof TypingFrame>;

export const ReadFrame = z.object({
  action: z.literal('read'),
  contact_id: contactId,
  upToSeq: seq,
});
export type ReadFrame = z.infer<typeof ReadFrame>;

export const PresenceFrame = z.object({
  action: z.literal('presence'),
  status: z.enum(['online', 'away']),
});
export type PresenceFrame = z.infer<typeof PresenceFrame>;

export const ResumeFrame = z.object({
  action: z.literal('resume'),
  contact_id: contactId,
  afterSeq: seq.default(0),
});
export type ResumeFrame = z.infer<typeof ResumeFrame>;

export const PingFrame = z.object({ action: z.literal('ping') });

// ---- HTTP paths, queries and bodies ----

export const ContactPath = z.object({ id: contactId });
export const MessagePath = z.object({ id: contactId, msgId: z.string().min(1).max(128) });
export const VisitorPath = z.object({ deviceId: id });

export const ListContactsQuery = z.object({
  status: z.enum(['assigned', 'queued', 'ended']).default('assigned'),
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
  .object({ toSellerId: id.optional(), toTeamId: id.optional() })
  .refine((body) => (body.toSellerId === undefined) !== (body.toTeamId === undefined), {
    message: 'give exactly one of toSellerId and toTeamId',
  });
export type TransferBody = z.infer<typeof TransferBody>;

// ---- outbound frames ----

export type PresenceStatus = 'online' | 'away' | 'offline';

export const eventFrames = {
  typing(args: { contactId: string; state: 'start' | 'stop'; role: Role; from: string }) {
    return { action: 'typing', contact_id: args.contactId, state: args.state, role: args.role, from: args.from };
  },
  read(args: { contactId: string; role: Role; upToSeq: number; readAt: string }) {
    return { action: 'read', contact_id: args.contactId, role: args.role, upToSeq: args.upToSeq, readAt: args.readAt };
  },
  /** To the seller's own connections: its presence as stored. */
  presence(args: { sellerId: string; status: 'online' | 'away' }) {
    return { action: 'presence', sellerId: args.sellerId, status: args.status };
  },
  /** To a visitor: its seller's presence changed. */
  sellerPresence(args: { contactId: string; sellerId: string; status: PresenceStatus }) {
    return { action: 'sellerPresence', contact_id: args.contactId, sellerId: args.sellerId, status: args.status };
  },
  /** After a resume's backlog: everything up to lastSeq was sent; live frames follow. */
  resumed(args: { contactId: string; afterSeq: number; lastSeq: number; count: number; status: ContactStatus }) {
    return {
      action: 'resumed',
      contact_id: args.contactId,
      afterSeq: args.afterSeq,
      lastSeq: args.lastSeq,
      count: args.count,
      status: args.status,
    };
  },
  pong(time: string) {
    return { action: 'pong', time };
  },
  contactEnded(args: { contactId: string; endedBy: Role; endedAt: string }) {
    return { action: 'contactEnded', contact_id: args.contactId, status: 'ended', endedBy: args.endedBy, endedAt: args.endedAt };
  },
  contactTransferred(args: {
    contactId: string;
    fromSellerId: string;
    toSellerId: string | null;
    toTeamId: string | null;
    status: ContactStatus;
  }) {
    return {
      action: 'contactTransferred',
      contact_id: args.contactId,
      fromSellerId: args.fromSellerId,
      toSellerId: args.toSellerId,
      toTeamId: args.toTeamId,
      status: args.status,
    };
  },
  messageDeleted(args: { contactId: string; id: string; seq: number; deletedBy: Role; deletedAt: string }) {
    return {
      action: 'messageDeleted',
      contact_id: args.contactId,
      id: args.id,
      seq: args.seq,
      deletedBy: args.deletedBy,
      deletedAt: args.deletedAt,
    };
  },
  /** fromSellerId is null when reason is "new": a chat that started with nobody available. */
  contactQueued(args: { contactId: string; queueKey: string; fromSellerId: string | null; reason: 'new' | 'transfer' | 'presence' }) {
    return {
      action: 'contactQueued',
      contact_id: args.contactId,
      status: 'queued',
      queueKey: args.queueKey,
      fromSellerId: args.fromSellerId,
      reason: args.reason,
    };
  },
};
