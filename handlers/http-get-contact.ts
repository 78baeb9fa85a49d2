import { callerOf } from '../lib/wiring/credentials';
import { getContact } from '../lib/chat/history';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { ContactPath } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { history } from '../lib/wiring/history';

/** GET /v1/contacts/{id}: the contact, its visitor, status, seller, timestamps and latest messages. */
export const handler = httpHandler('GET /v1/contacts/{id}', async ({ event }) => {
  const caller = await callerOf(event.headers);
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  return { status: 200, body: await getContact(history, caller, id) };
});
