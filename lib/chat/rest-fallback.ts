/**
 * The REST fallback's sender: a visitorToken names the visitor and its chat; a visitor session
 * names the visitor, whose chat with `sellerId` is found or started. Without a credential, a body
 * with a `deviceId` is a device session: it may only start a chat, and gets no visitorToken,
 * since a deviceId is no secret worth a 30-day credential (it continues over the socket). The seed's body (no deviceId) is a new visitor each time, with an
 * issued id, and gets a visitorToken for its next calls.
 */
import type { VisitorIdentity } from '../model/identity';
import { checkOrigin } from '../access/origins';
import { addressBucket, bucketNames, enforce } from '../access/rate-limit';
import { lineKeyOfContact } from '../store/keys';
import { signVisitorToken, verifyVisitorCredential } from '../access/tokens';
import { checkDeviceId, newVisitorId, refuseSecretlessStart } from '../access/visitor-sessions';
import { forbidden, unauthorized } from '../platform/errors';
import type { BucketPolicy } from '../access/rate-limit';
import type { SendMessageBody } from '../protocol/inbound';
import { checkMessageLength, sendChatMessage, type MessageDeps, type SentMessage } from './send-message';
import { startChat, type StartChatDeps } from './start-chat';

export interface RestSendResult extends SentMessage {
  /** null for a device session */
  visitorToken: string | null;
}

export interface RestDeps {
  starting: StartChatDeps;
  /** REST requests per source address */
  perSourceIp: BucketPolicy;
  sending: MessageDeps;
  visitorTokenTtlSeconds: number;
}

export async function sendFromRest(
  deps: RestDeps,
  secret: string,
  body: SendMessageBody,
  bearer: string | undefined,
  from: { sourceIp?: string; origin?: string } = {},
): Promise<RestSendResult> {
  const { sourceIp } = from;
  const { settings, rateLimiter } = deps.starting;
  checkOrigin(settings.widgetOrigins, body.sellerId, from.origin);
  await enforce(
    rateLimiter,
    addressBucket(sourceIp, settings.rateLimits.exemptAddresses, { key: bucketNames.sourceIp, policy: deps.perSourceIp, what: 'requests from this address' }),
  );
  // refused before a chat is started for it
  checkMessageLength(body.message ?? '', deps.sending.settings.limits.maxMessageLength);
  let visitor: VisitorIdentity;
  let contactId: string;
  const credential = bearer ? verifyVisitorCredential(secret, bearer) : undefined;
  if (bearer && !credential) throw unauthorized('not a visitor token');
  if (credential?.contactId) {
    if (body.contact_id && body.contact_id !== credential.contactId) throw forbidden('this visitorToken is for another chat');
    if (body.deviceId && body.deviceId !== credential.visitorId) throw forbidden('this visitorToken is for another device');
    visitor = { role: 'visitor', userId: credential.visitorId };
    contactId = credential.contactId;
    // the page must be one the chat's own target allows, whatever `sellerId` the body names
    const lineKey = lineKeyOfContact(contactId);
    const line = lineKey ? await deps.starting.chats.getLine(lineKey) : undefined;
    if (line?.contactId === contactId && line.target) checkOrigin(settings.widgetOrigins, line.target as string, from.origin);
  } else if (credential) {
    visitor = { role: 'visitor', userId: credential.visitorId };
    if (body.deviceId && body.deviceId !== visitor.userId) throw forbidden('this visitor session is for another visitor');
    // a visitor session writes into its own chat with this target, started if there is none
    const started = await startChat(deps.starting, visitor, body.sellerId, body.userInfo ?? {}, { origin: from.origin });
    if (body.contact_id && body.contact_id !== started.contact.contactId) throw forbidden("this chat is not the visitor session's open chat with this seller");
    contactId = started.contact.contactId;
  } else {
    if (body.contact_id) throw unauthorized('writing into an existing chat needs its visitorToken');
    if (body.deviceId) checkDeviceId(body.deviceId);
    // the seed's body has no secret at all (its id is issued here), so it is refused wherever a device session is
    refuseSecretlessStart(settings.deviceSessionsOff, body.sellerId);
    visitor = { role: 'visitor', userId: body.deviceId ?? newVisitorId() };
    // the origin is checked again where every chat starts
    // a new chat every time: it counts as a chat start of this address
    const started = await startChat(deps.starting, visitor, body.sellerId, body.userInfo ?? {}, { origin: from.origin, sourceIp });
    // without a token nobody may write as a visitor into a chat that visitor already has open
    if (!started.created) throw unauthorized('this device has an open chat with this seller; write into it over the socket, or with a visitor session');
    contactId = started.contact.contactId;
  }
  const sent = await sendChatMessage(deps.sending, visitor, {
    text: body.message ?? '',
    contactId,
    clientMessageId: body.clientMessageId,
    ...(body.attachments ? { attachments: body.attachments } : {}),
  });
  const deviceSession = !credential && body.deviceId !== undefined;
  const visitorToken = deviceSession ? null : signVisitorToken(secret, { deviceId: visitor.userId, contactId }, deps.visitorTokenTtlSeconds);
  return { ...sent, visitorToken };
}
