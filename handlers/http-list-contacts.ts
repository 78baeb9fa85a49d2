import { requireSeller } from '../lib/access/callers';
import { callerOf } from '../lib/wiring/credentials';
import { listSellerContacts } from '../lib/chat/history';
import { listLabelled } from '../lib/chat/labels';
import { labelDeps } from '../lib/wiring/labels';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { ListContactsQuery } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { history } from '../lib/wiring/history';

/** GET /v1/contacts?status=&limit=&cursor= (seller token): its chats, newest activity first; `?label=`: the chats carrying that label. */
export const handler = httpHandler('GET /v1/contacts', async ({ event }) => {
  const seller = requireSeller(await callerOf(event.headers));
  const query = parseWith(ListContactsQuery, event.queryStringParameters ?? {});
  if (query.label !== undefined) return { status: 200, body: await listLabelled(labelDeps, seller, query.label, query.limit) };
  return { status: 200, body: await listSellerContacts(history, seller, query) };
});
