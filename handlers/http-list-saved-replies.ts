import { requireSeller } from '../lib/access/callers';
import { callerOf } from '../lib/wiring/credentials';
import { listSavedReplies } from '../lib/chat/saved-replies';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { savedReplies } from '../lib/wiring/saved-replies';

/** GET /v1/saved-replies (seller token): the seller's own saved replies and its teams'. */
export const handler = httpHandler('GET /v1/saved-replies', async ({ event }) => {
  const seller = requireSeller(await callerOf(event.headers));
  return { status: 200, body: await listSavedReplies(savedReplies, seller) };
});
