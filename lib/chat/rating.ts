/**
 * The visitor's satisfaction rating (POST /v1/contacts/{id}/rating): 1 to 5 and an optional
 * comment, once per chat, by that chat's visitor only, after the chat ended (the widget asks when
 * it ends). Stored with the ended chat, counted per target and day for GET /v1/status, and in the
 * metrics.
 */
import type { VisitorCaller } from '../access/callers';
import { badRequest, notFound } from '../platform/errors';
import { metrics } from '../platform/metrics';
import type { RatingBody } from '../protocol/inbound';
import type { RatingAnswer } from '../protocol/views';
import type { RatingStore } from '../store/rating-store';
import type { ChatReader } from './chat-reader';
import { visibleChat } from './visibility';

/** GET /v1/status averages a target's ratings over this many UTC days, today included. */
export const RATING_DAYS = 7;

export interface RatingDeps {
  contacts: ChatReader;
  ratings: Pick<RatingStore, 'rate' | 'count'>;
}

const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The UTC dates of the last `RATING_DAYS` days, today first. */
export function ratingDays(now = Date.now()): string[] {
  return Array.from({ length: RATING_DAYS }, (_, back) => dayOf(now - back * 86_400_000));
}

export async function rateChat(deps: RatingDeps, visitor: VisitorCaller, contactId: string, body: RatingBody): Promise<RatingAnswer> {
  // a visitorToken names one chat: it rates that one only
  if (visitor.contactId !== undefined && visitor.contactId !== contactId) throw notFound('no such contact');
  const chat = await visibleChat(deps.contacts, visitor, contactId);
  if (chat.status !== 'ended') throw badRequest('the chat has not ended: a chat is rated once it ends');
  const comment = body.comment?.trim();
  const rating = { score: body.score, ...(comment ? { comment } : {}), ratedAt: new Date().toISOString() };
  if (!(await deps.ratings.rate(contactId, rating))) throw badRequest('this chat was rated already: a chat is rated once');
  await deps.ratings.count(chat.target, dayOf(Date.now()), body.score);
  metrics.count('ChatsRated');
  metrics.count('RatingPoints', body.score);
  metrics.count(`Rated_${body.score}`);
  return { contact_id: contactId, rating };
}
