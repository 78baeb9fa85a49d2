import { callerOf } from '../lib/wiring/credentials';
import { listMessages } from '../lib/chat/history';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { ContactPath, ListMessagesQuery } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { history } from '../lib/wiring/history';

/** GET /v1/contacts/{id}/messages?after=&limit=: messages in order; the REST fallback's receive path. */
export const handler = httpHandler('GET /v1/contacts/{id}/messages', async ({ event }) => {
  const caller = await callerOf(event.headers);
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  const query = parseWith(ListMessagesQuery, event.queryStringParameters ?? {});
  return { status: 200, body: await listMessages(history, caller, id, query) };
});
