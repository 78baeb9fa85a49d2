/** The ids and enums every frame and body shares: defined once, so the schemas and the pages agree. */
// zod/mini: the same schemas as `zod` at a fifth of its size and load time (every handler parses with it)
import * as z from 'zod/mini';
import './zod-locale';

export const ROLES = ['visitor', 'seller'] as const;
export type Role = (typeof ROLES)[number];

/** Who wrote a message: one of the two parties, or the shop's assistant (which is neither and holds no connection). */
export type MessageRole = Role | 'assistant';

/** Why a chat went from the assistant to a person: the visitor asked, the answer was not confident, the model asked, or the engine failed. */
export type HandoffReason = 'requested' | 'low-confidence' | 'model' | 'assistant-unavailable';

/** Why a chat waits: every online seller is full, nobody of the target is online, or the target is closed. */
export type WaitReason = 'busy' | 'offline' | 'closed';

export const CONTACT_STATUSES = ['assigned', 'queued', 'ended'] as const;
export const ContactStatus = z.enum(CONTACT_STATUSES);
export type ContactStatus = z.infer<typeof ContactStatus>;

/** Seller, team and device ids: printable, short, and safe inside our `kind#id` keys. */
export const ID_PATTERN = /^[A-Za-z0-9._:@-]+$/;
export const Id = z.string().check(z.minLength(1), z.maxLength(128), z.regex(ID_PATTERN, 'use letters, digits and . _ : @ -'));

/** An id as the seed widget may send it: numeric seller ids such as 123456 are read as strings. */
export const IdInput = z.pipe(
  z.pipe(
    z.union([z.string(), z.int().check(z.nonnegative())]),
    z.transform((value: string | number) => String(value)),
  ),
  Id,
);

export const ContactId = z.string().check(z.minLength(1), z.maxLength(64));
export const Seq = z.int().check(z.nonnegative());
export const ClientMessageId = z.string().check(z.minLength(1), z.maxLength(128));

/** What a chat may carry as a file: images a browser shows inline, and PDFs. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** An attachment's id: 16 random bytes, base64url (so its object key cannot be guessed). */
export const AttachmentId = z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/, 'attachmentId must be an id POST /v1/contacts/{id}/attachments issued'));

/** Files one message may carry. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;
