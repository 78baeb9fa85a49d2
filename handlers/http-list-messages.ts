import { listMessages } from '../lib/history';
import { httpHandler } from '../lib/http-adapter';
import { callerOf } from '../lib/http-auth';
import { parseWith } from '../lib/protocol';
import { ContactPath, ListMessagesQuery } from '../lib/protocol-events';

/** GET /v1/contacts/{id}/messages?after=&limit=: messages in order; the REST fallback's receive path. */
export const handler = httpHandler('GET /v1/contacts/{id}/messages', async ({ event }, deps) => {
  const caller = await callerOf(event.headers);
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  const query = parseWith(ListMessagesQuery, event.queryStringParameters ?? {});
  return { status: 200, body: await listMessages(deps, caller, id, query) };
});
