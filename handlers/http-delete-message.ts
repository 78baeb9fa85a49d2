import { callerOf } from '../lib/wiring/credentials';
import { deleteMessage } from '../lib/chat/deletion';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { logger } from '../lib/platform/logger';
import { MessagePath } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { delivery } from '../lib/wiring/delivery';
import { contacts } from '../lib/wiring/history';
import { lifecycle } from '../lib/wiring/lifecycle';
import { chats } from '../lib/wiring/chats';
import { messages } from '../lib/wiring/messages';

/** DELETE /v1/contacts/{id}/messages/{msgId}: soft delete; both sides are told. */
export const handler = httpHandler('DELETE /v1/contacts/{id}/messages/{msgId}', async ({ event }) => {
  const caller = await callerOf(event.headers);
  const { id, msgId } = parseWith(MessagePath, event.pathParameters ?? {});
  return { status: 200, body: await deleteMessage({ contacts, chats, messages, lifecycle, delivery, log: logger }, caller, id, msgId) };
});
