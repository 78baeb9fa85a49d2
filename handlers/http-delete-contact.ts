import { httpHandler } from '../lib/http-adapter';
import { callerOf } from '../lib/http-auth';
import { deleteContact } from '../lib/lifecycle';
import { parseWith } from '../lib/protocol';
import { ContactPath } from '../lib/protocol-events';

/** DELETE /v1/contacts/{id}: ends the chat if open, then deletes it and every message. */
export const handler = httpHandler('DELETE /v1/contacts/{id}', async ({ event }, deps) => {
  const caller = await callerOf(event.headers);
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  return { status: 200, body: await deleteContact(deps, caller, id) };
});
