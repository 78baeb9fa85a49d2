import { requireSeller } from '../lib/access/callers';
import { callerOf } from '../lib/wiring/credentials';
import { deleteSavedReply } from '../lib/chat/saved-replies';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { SavedReplyPath, SavedReplyQuery } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { savedReplies } from '../lib/wiring/saved-replies';

/** DELETE /v1/saved-replies/{id}?teamId= (seller token): the seller's own reply, or its team's. */
export const handler = httpHandler('DELETE /v1/saved-replies/{id}', async ({ event }) => {
  const seller = requireSeller(await callerOf(event.headers));
  const { id } = parseWith(SavedReplyPath, event.pathParameters ?? {});
  const { teamId } = parseWith(SavedReplyQuery, event.queryStringParameters ?? {});
  return { status: 200, body: await deleteSavedReply(savedReplies, seller, id, teamId) };
});
