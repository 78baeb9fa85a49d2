/** The ids and enums every frame and body shares: defined once, so the schemas and the pages agree. */
import * as z from 'zod';

export const ROLES = ['visitor', 'seller'] as const;
export type Role = (typeof ROLES)[number];

export const CONTACT_STATUSES = ['assigned', 'queued', 'ended'] as const;
export const ContactStatus = z.enum(CONTACT_STATUSES);
export type ContactStatus = z.infer<typeof ContactStatus>;

/** Seller, team and device ids: printable, short, and safe inside our `kind#id` keys. */
export const ID_PATTERN = /^[A-Za-z0-9._:@-]+$/;
export const Id = z.string().min(1).max(128).regex(ID_PATTERN, 'use letters, digits and . _ : @ -');

/** An id as the seed widget may send it: numeric seller ids such as 123456 are read as strings. */
export const IdInput = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((value) => String(value))
  .pipe(Id);

export const ContactId = z.string().min(1).max(64);
export const Seq = z.number().int().nonnegative();
export const ClientMessageId = z.string().min(1).max(128);
