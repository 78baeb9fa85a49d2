import { callerOf } from '../lib/wiring/credentials';
import { deleteChat } from '../lib/chat/deletion';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { logger } from '../lib/platform/logger';
import { ContactPath } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { delivery } from '../lib/wiring/delivery';
import { contacts } from '../lib/wiring/history';
import { lifecycle } from '../lib/wiring/lifecycle';
import { chats } from '../lib/wiring/chats';
import { messages } from '../lib/wiring/messages';
import { notes } from '../lib/wiring/notes';

/** DELETE /v1/contacts/{id}: ends the chat if open, then deletes it and every message. */
export const handler = httpHandler('DELETE /v1/contacts/{id}', async ({ event }) => {
  const caller = await callerOf(event.headers);
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  return { status: 200, body: await deleteChat({ contacts, chats, notes, messages, lifecycle, delivery, log: logger }, caller, id) };
});
