import { tokenSecret } from '../lib/wiring/token-secret';
import { signVisitorToken } from '../lib/access/tokens';
import { holdsVisitorSession } from '../lib/access/visitor-sessions';
import { assistantAnswers } from '../lib/assistant/ask';
import { startChat } from '../lib/chat/start-chat';
import { recordVisitorContext } from '../lib/chat/visitor-context';
import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { config } from '../lib/wiring/config';
import { forbidden } from '../lib/platform/errors';
import { InitChatFrame } from '../lib/protocol/inbound';
import { frames } from '../lib/protocol/outbound';
import { parseWith } from '../lib/protocol/parse';
import { starting } from '../lib/wiring/starting';
import { delivery } from '../lib/wiring/delivery';
import { contacts } from '../lib/wiring/history';
import { visitors } from '../lib/wiring/visitors';

export const handler = wsHandler('InitChat', async (request) => {
  const frame = parseWith(InitChatFrame, request.body);
  const { sender } = request;
  if (sender.role !== 'visitor') throw forbidden('only visitors start chats');
  const { contact } = await startChat(starting, sender, frame.sellerId, frame.userInfo, { sourceIp: request.sourceIp, origin: sender.origin });
  // the page the chat starts on; the chat is at hand, so it is not read again
  if (frame.context) await recordVisitorContext({ contacts, delivery, visitors }, sender, contact.contactId, frame.context, contact);
  // a device session's deviceId is its only secret: it gets no token it could take elsewhere
  const visitorToken = holdsVisitorSession(sender)
    ? signVisitorToken(await tokenSecret(), { deviceId: sender.userId, contactId: contact.contactId }, config().limits.visitorTokenTtlSeconds)
    : undefined;
  request.reply(
    frames.initChatAck({
      contactId: contact.contactId,
      status: contact.status,
      sellerId: contact.sellerId ?? null,
      visitorToken,
      queue: contact.wait,
      assistant: assistantAnswers(config().assistant.modes, contact),
    }),
  );
});
