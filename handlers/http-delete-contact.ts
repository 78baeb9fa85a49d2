import { callerOf } from '../lib/wiring/credentials';
import { deleteChat } from '../lib/chat/deletion';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { ContactPath } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { deletion } from '../lib/wiring/deletion';

/** DELETE /v1/contacts/{id}: ends the chat if open, then deletes it and everything it owns (messages, files, labels). */
export const handler = httpHandler('DELETE /v1/contacts/{id}', async ({ event }) => {
  const caller = await callerOf(event.headers);
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  return { status: 200, body: await deleteChat(deletion, caller, id) };
});
