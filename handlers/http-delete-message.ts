import { httpHandler } from '../lib/http-adapter';
import { callerOf } from '../lib/http-auth';
import { deleteMessage } from '../lib/lifecycle';
import { parseWith } from '../lib/protocol';
import { MessagePath } from '../lib/protocol-events';

/** DELETE /v1/contacts/{id}/messages/{msgId}: soft delete; both sides are told. */
export const handler = httpHandler('DELETE /v1/contacts/{id}/messages/{msgId}', async ({ event }, deps) => {
  const caller = await callerOf(event.headers);
  const { id, msgId } = parseWith(MessagePath, event.pathParameters ?? {});
  return { status: 200, body: await deleteMessage(deps, caller, id, msgId) };
});
