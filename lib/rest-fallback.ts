/**
 * The REST fallback's sender: a visitorToken names the visitor and its chat; a seed-shaped body
 * without one starts a chat (as InitChat does) and gets a token for the next calls.
 */
import { randomUUID } from 'node:crypto';
import { signVisitorToken, verifyVisitorToken } from './auth';
import { startChat, type ChatDeps } from './chats';
import { checkMessageLength, sendChatMessage, type MessageDeps, type SentMessage } from './chat-messages';
import type { Identity } from './connections';
import { forbidden, unauthorized } from './errors';
import type { SendMessageBody } from './protocol';
import { enforce } from './rate-limit';
import { checkOrigin } from './origins';

export interface RestSendResult extends SentMessage {
  visitorToken: string;
}

export async function sendFromRest(
  deps: ChatDeps & MessageDeps,
  secret: string,
  body: SendMessageBody,
  bearer: string | undefined,
  from: { sourceIp?: string; origin?: string } = {},
): Promise<RestSendResult> {
  const { sourceIp } = from;
  checkOrigin(deps.config.widgetOrigins, body.sellerId, from.origin);
  if (sourceIp) {
    await enforce(deps.rateLimiter, [{ key: `ip#${sourceIp}`, policy: deps.config.rateLimits.perSourceIp, what: 'requests from this address' }]);
  }
  // refused before a chat is started for it
  checkMessageLength(body.message, deps.config.limits.maxMessageLength);
  let visitor: Identity;
  let contactId: string;
  if (bearer) {
    const claims = verifyVisitorToken(secret, bearer);
    if (body.contact_id && body.contact_id !== claims.contactId) throw forbidden('this visitorToken is for another chat');
    if (body.deviceId && body.deviceId !== claims.deviceId) throw forbidden('this visitorToken is for another device');
    visitor = { role: 'visitor', userId: claims.deviceId };
    contactId = claims.contactId;
  } else {
    if (body.contact_id) throw unauthorized('writing into an existing chat needs its visitorToken');
    visitor = { role: 'visitor', userId: body.deviceId ?? `web-${randomUUID()}` };
    // without a token nobody may write as a visitor into a chat that visitor already has open
    if (await deps.contacts.openChatId(visitor.userId, body.sellerId)) {
      const open = await deps.contacts.findOpenForVisitor(visitor.userId, body.sellerId);
      if (open) throw unauthorized('this device has an open chat; send its visitorToken');
    }
    // the address was charged above; the origin is checked again where every chat starts
    contactId = (await startChat(deps, visitor, body.sellerId, body.userInfo ?? {}, { origin: from.origin })).contact.contactId;
  }
  const sent = await sendChatMessage(deps, visitor, { text: body.message, contactId, clientMessageId: body.clientMessageId });
  const visitorToken = signVisitorToken(
    secret,
    { deviceId: visitor.userId, contactId },
    deps.config.limits.visitorTokenTtlSeconds,
  );
  return { ...sent, visitorToken };
}
