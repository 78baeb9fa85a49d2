import { contactView } from '../lib/history';
import { httpHandler } from '../lib/http-adapter';
import { callerOf } from '../lib/http-auth';
import { endContact } from '../lib/lifecycle';
import { parseWith } from '../lib/protocol';
import { ContactPath } from '../lib/protocol-events';

/** POST /v1/contacts/{id}/end: ends the chat; both sides are told and the seller's slot is freed. */
export const handler = httpHandler('POST /v1/contacts/{id}/end', async ({ event }, deps) => {
  const caller = await callerOf(event.headers);
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  return { status: 200, body: contactView(await endContact(deps, caller, id), caller.role) };
});
