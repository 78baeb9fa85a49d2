import { bearerToken, tokenSecret } from '../lib/auth';
import { bodyText, httpHandler } from '../lib/http-adapter';
import { parseJsonObject, parseWith, SendMessageBody } from '../lib/protocol';
import { sendFromRest } from '../lib/rest-fallback';
import { originOf } from '../lib/origins';

/** POST /sendmessage: the seed widget's REST fallback, stored and pushed exactly like sendMessage. */
export const handler = httpHandler('POST /sendmessage', async ({ event }, deps) => {
  const body = parseWith(SendMessageBody, parseJsonObject(bodyText(event) ?? '', 'body'));
  const sent = await sendFromRest(deps, await tokenSecret(), body, bearerToken(event.headers), {
    sourceIp: event.requestContext?.http?.sourceIp,
    origin: originOf(event.headers),
  });
  return {
    status: sent.duplicate ? 200 : 201,
    body: {
      id: sent.message.messageId,
      contact_id: sent.contact.contactId,
      seq: sent.message.seq,
      visitorToken: sent.visitorToken,
      delivered: sent.delivered,
      duplicate: sent.duplicate,
      clientMessageId: body.clientMessageId ?? null,
      status: sent.contact.status,
      sellerId: sent.contact.sellerId ?? null,
    },
  };
});
