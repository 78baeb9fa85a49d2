import { requireVisitor } from '../lib/access/callers';
import { callerOf } from '../lib/wiring/credentials';
import { listVisitorContacts } from '../lib/chat/history';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { PageQuery, VisitorPath } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { history } from '../lib/wiring/history';

/** GET /v1/visitors/{deviceId}/contacts (that device's visitorToken): a returning visitor's chats. */
export const handler = httpHandler('GET /v1/visitors/{deviceId}/contacts', async ({ event }) => {
  const visitor = requireVisitor(await callerOf(event.headers));
  const { deviceId } = parseWith(VisitorPath, event.pathParameters ?? {});
  const query = parseWith(PageQuery, event.queryStringParameters ?? {});
  return { status: 200, body: await listVisitorContacts(history, visitor, deviceId, query) };
});
