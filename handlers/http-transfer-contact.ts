import { contactView } from '../lib/history';
import { bodyText, httpHandler } from '../lib/http-adapter';
import { callerOf, requireSeller } from '../lib/http-auth';
import { transferContact } from '../lib/lifecycle';
import { parseJsonObject, parseWith } from '../lib/protocol';
import { ContactPath, TransferBody } from '../lib/protocol-events';

/** POST /v1/contacts/{id}/transfer {toSellerId | toTeamId} (seller token): reassigns or queues the chat. */
export const handler = httpHandler('POST /v1/contacts/{id}/transfer', async ({ event }, deps) => {
  const seller = requireSeller(await callerOf(event.headers));
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  const body = parseWith(TransferBody, parseJsonObject(bodyText(event) ?? '', 'body'));
  return { status: 200, body: contactView(await transferContact(deps, seller, id, body), 'seller') };
});
