import { updateContact } from '../lib/history';
import { bodyText, httpHandler } from '../lib/http-adapter';
import { callerOf, requireSeller } from '../lib/http-auth';
import { parseJsonObject, parseWith } from '../lib/protocol';
import { ContactPath, UpdateContactBody } from '../lib/protocol-events';

/** PATCH /v1/contacts/{id} (seller token): title and tags. */
export const handler = httpHandler('PATCH /v1/contacts/{id}', async ({ event }, deps) => {
  const seller = requireSeller(await callerOf(event.headers));
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  const body = parseWith(UpdateContactBody, parseJsonObject(bodyText(event) ?? '', 'body'));
  return { status: 200, body: await updateContact(deps, seller, id, body) };
});
