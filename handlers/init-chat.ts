import { signVisitorToken, tokenSecret } from '../lib/auth';
import { startChat } from '../lib/chats';
import { forbidden } from '../lib/errors';
import { frames, InitChatFrame, parseWith } from '../lib/protocol';
import { wsHandler } from '../lib/ws-adapter';

export const handler = wsHandler('InitChat', async (request, deps) => {
  const frame = parseWith(InitChatFrame, request.body);
  const sender = await request.sender();
  if (sender.role !== 'visitor') throw forbidden('only visitors start chats');
  const { contact } = await startChat(deps, sender, frame.sellerId, frame.userInfo, { sourceIp: request.sourceIp, origin: sender.origin });
  const visitorToken = signVisitorToken(
    await tokenSecret(),
    { deviceId: sender.userId, contactId: contact.contactId },
    deps.config.limits.visitorTokenTtlSeconds,
  );
  await request.reply(
    frames.initChatAck({ contactId: contact.contactId, status: contact.status, sellerId: contact.sellerId ?? null, visitorToken }),
  );
});
