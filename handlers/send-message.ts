import { sendChatMessage } from '../lib/chat-messages';
import { frames, parseWith, SendMessageFrame } from '../lib/protocol';
import { wsHandler } from '../lib/ws-adapter';

export const handler = wsHandler('sendMessage', async (request, deps) => {
  const frame = parseWith(SendMessageFrame, request.body);
  const sender = await request.sender();
  const sent = await sendChatMessage(
    deps,
    sender,
    { text: frame.message, to: frame.to, contactId: frame.contact_id, clientMessageId: frame.clientMessageId },
    request.connectionId,
  );
  await request.reply(
    frames.messageAck({
      id: sent.message.messageId,
      contactId: sent.contact.contactId,
      seq: sent.message.seq,
      clientMessageId: frame.clientMessageId,
      delivered: sent.delivered,
      duplicate: sent.duplicate,
      timestamp: sent.message.createdAt,
    }),
  );
});
