import { requireSeller } from '../lib/access/callers';
import { callerOf } from '../lib/wiring/credentials';
import { putSavedReply } from '../lib/chat/saved-replies';
import { bodyText, httpHandler } from '../lib/lambda-adapters/http-adapter';
import { SavedReplyBody, SavedReplyPath } from '../lib/protocol/inbound';
import { parseJsonObject, parseWith } from '../lib/protocol/parse';
import { savedReplies } from '../lib/wiring/saved-replies';

/** PUT /v1/saved-replies/{id} {shortcut, text, teamId?} (seller token): the seller's own reply, or its team's. */
export const handler = httpHandler('PUT /v1/saved-replies/{id}', async ({ event }) => {
  const seller = requireSeller(await callerOf(event.headers));
  const { id } = parseWith(SavedReplyPath, event.pathParameters ?? {});
  const body = parseWith(SavedReplyBody, parseJsonObject(bodyText(event) ?? '', 'body'));
  const { reply, created } = await putSavedReply(savedReplies, seller, id, body);
  return { status: created ? 201 : 200, body: reply };
});
