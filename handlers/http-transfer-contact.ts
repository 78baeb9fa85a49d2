import { requireSeller } from '../lib/access/callers';
import { callerOf } from '../lib/wiring/credentials';
import { transferChat } from '../lib/chat/chat-actions';
import { contactView } from '../lib/chat/history';
import { bodyText, httpHandler } from '../lib/lambda-adapters/http-adapter';
import { ContactPath, TransferBody } from '../lib/protocol/inbound';
import { parseJsonObject, parseWith } from '../lib/protocol/parse';
import { contacts } from '../lib/wiring/history';
import { lifecycle } from '../lib/wiring/lifecycle';
import { delivery } from '../lib/wiring/delivery';
import { privateNotes } from '../lib/wiring/private-notes';

/** POST /v1/contacts/{id}/transfer {toSellerId | toTeamId} (seller token): reassigns or queues the chat. */
export const handler = httpHandler('POST /v1/contacts/{id}/transfer', async ({ event }) => {
  const seller = requireSeller(await callerOf(event.headers));
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  const body = parseWith(TransferBody, parseJsonObject(bodyText(event) ?? '', 'body'));
  return { status: 200, body: contactView(await transferChat({ contacts, lifecycle, privateNotes: { privateNotes, delivery } }, seller, id, body), 'seller') };
});
