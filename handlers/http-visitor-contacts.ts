import { listVisitorContacts } from '../lib/history';
import { httpHandler } from '../lib/http-adapter';
import { callerOf, requireVisitor } from '../lib/http-auth';
import { parseWith } from '../lib/protocol';
import { PageQuery, VisitorPath } from '../lib/protocol-events';

/** GET /v1/visitors/{deviceId}/contacts (that device's visitorToken): a returning visitor's chats. */
export const handler = httpHandler('GET /v1/visitors/{deviceId}/contacts', async ({ event }, deps) => {
  const visitor = requireVisitor(await callerOf(event.headers));
  const { deviceId } = parseWith(VisitorPath, event.pathParameters ?? {});
  const query = parseWith(PageQuery, event.queryStringParameters ?? {});
  return { status: 200, body: await listVisitorContacts(deps, visitor, deviceId, query) };
});
