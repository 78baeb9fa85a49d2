import { requireVisitor } from '../lib/access/callers';
import { callerOf } from '../lib/wiring/credentials';
import { rateChat } from '../lib/chat/rating';
import { bodyText, httpHandler } from '../lib/lambda-adapters/http-adapter';
import { ContactPath, RatingBody } from '../lib/protocol/inbound';
import { parseJsonObject, parseWith } from '../lib/protocol/parse';
import { contacts } from '../lib/wiring/history';
import { ratings } from '../lib/wiring/ratings';

/** POST /v1/contacts/{id}/rating {score, comment?} (the chat's visitor): once, after the chat ended. */
export const handler = httpHandler('POST /v1/contacts/{id}/rating', async ({ event }) => {
  const visitor = requireVisitor(await callerOf(event.headers));
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  const body = parseWith(RatingBody, parseJsonObject(bodyText(event) ?? '', 'body'));
  return { status: 201, body: await rateChat({ contacts, ratings }, visitor, id, body) };
});
