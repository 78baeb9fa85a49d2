import { getContact } from '../lib/history';
import { httpHandler } from '../lib/http-adapter';
import { callerOf } from '../lib/http-auth';
import { parseWith } from '../lib/protocol';
import { ContactPath } from '../lib/protocol-events';

/** GET /v1/contacts/{id}: the contact, its visitor, status, seller, timestamps and latest messages. */
export const handler = httpHandler('GET /v1/contacts/{id}', async ({ event }, deps) => {
  const caller = await callerOf(event.headers);
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  return { status: 200, body: await getContact(deps, caller, id) };
});
