import { callerOf } from '../lib/wiring/credentials';
import { endChat } from '../lib/chat/chat-actions';
import { contactView } from '../lib/chat/history';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { ContactPath } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { contacts } from '../lib/wiring/history';
import { lifecycle } from '../lib/wiring/lifecycle';

/** POST /v1/contacts/{id}/end: ends the chat; both sides are told and the seller's slot is freed. */
export const handler = httpHandler('POST /v1/contacts/{id}/end', async ({ event }) => {
  const caller = await callerOf(event.headers);
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  return { status: 200, body: contactView(await endChat({ contacts, lifecycle }, caller, id), caller.role) };
});
