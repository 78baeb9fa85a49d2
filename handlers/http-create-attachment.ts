import { callerOf } from '../lib/wiring/credentials';
import { createAttachment } from '../lib/chat/attachments';
import { bodyText, httpHandler } from '../lib/lambda-adapters/http-adapter';
import { ContactPath, CreateAttachmentBody } from '../lib/protocol/inbound';
import { parseJsonObject, parseWith } from '../lib/protocol/parse';
import { attachmentUploads } from '../lib/wiring/attachments';
import { limitFrame } from '../lib/wiring/frame-limits';

/** POST /v1/contacts/{id}/attachments: an upload form for one file into the chat; the file goes to the bucket, never through here. */
export const handler = httpHandler('POST /v1/contacts/{id}/attachments', async ({ event }) => {
  const caller = await callerOf(event.headers);
  const { id } = parseWith(ContactPath, event.pathParameters ?? {});
  const body = parseWith(CreateAttachmentBody, parseJsonObject(bodyText(event) ?? '', 'body'));
  await limitFrame('attachments', caller.role === 'visitor' ? { role: 'visitor', userId: caller.deviceId } : { role: 'seller', userId: caller.sellerId });
  return { status: 201, body: await createAttachment(attachmentUploads, caller, id, body) };
});
