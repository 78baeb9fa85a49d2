import { listSellerContacts } from '../lib/history';
import { httpHandler } from '../lib/http-adapter';
import { callerOf, requireSeller } from '../lib/http-auth';
import { parseWith } from '../lib/protocol';
import { ListContactsQuery } from '../lib/protocol-events';

/** GET /v1/contacts?status=&limit=&cursor= (seller token): its chats, newest activity first. */
export const handler = httpHandler('GET /v1/contacts', async ({ event }, deps) => {
  const seller = requireSeller(await callerOf(event.headers));
  const query = parseWith(ListContactsQuery, event.queryStringParameters ?? {});
  return { status: 200, body: await listSellerContacts(deps, seller, query) };
});
