import { originOf } from '../lib/access/origins';
import { tokenSecret } from '../lib/wiring/token-secret';
import { bearerToken } from '../lib/access/tokens';
import { sendFromRest } from '../lib/chat/rest-fallback';
import { bodyText, httpHandler } from '../lib/lambda-adapters/http-adapter';
import { config } from '../lib/wiring/config';
import { SendMessageBody } from '../lib/protocol/inbound';
import { parseJsonObject, parseWith } from '../lib/protocol/parse';
import type { RestSendAnswer } from '../lib/protocol/views';
import { sending } from '../lib/wiring/sending';
import { starting } from '../lib/wiring/starting';
import { askAssistant } from '../lib/wiring/ask-assistant';

const rest = { starting, sending, perSourceIp: config().rateLimits.perSourceIp, visitorTokenTtlSeconds: config().limits.visitorTokenTtlSeconds };

/** POST /sendmessage: the seed widget's REST fallback, stored and pushed exactly like sendMessage. */
export const handler = httpHandler('POST /sendmessage', async ({ event }) => {
  const body = parseWith(SendMessageBody, parseJsonObject(bodyText(event) ?? '', 'body'));
  const sent = await sendFromRest(rest, await tokenSecret(), body, bearerToken(event.headers), {
    sourceIp: event.requestContext?.http?.sourceIp,
    origin: originOf(event.headers),
  });
  await askAssistant({ role: 'visitor', userId: sent.message.senderId }, sent);
  const answer: RestSendAnswer = {
    id: sent.messageId,
    contact_id: sent.contact.contactId,
    seq: sent.message.seq,
    visitorToken: sent.visitorToken,
    delivered: sent.delivered,
    duplicate: sent.duplicate,
    clientMessageId: body.clientMessageId ?? null,
    status: sent.contact.status,
    sellerId: sent.contact.sellerId ?? null,
  };
  return { status: sent.duplicate ? 200 : 201, body: answer };
});
