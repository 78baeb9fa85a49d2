import { sendChatMessage } from '../lib/chat/send-message';
import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { SendMessageFrame } from '../lib/protocol/inbound';
import { frames } from '../lib/protocol/outbound';
import { parseWith } from '../lib/protocol/parse';
import { sending } from '../lib/wiring/sending';
import { askAssistant } from '../lib/wiring/ask-assistant';

export const handler = wsHandler('sendMessage', async (request) => {
  const frame = parseWith(SendMessageFrame, request.body);
  const sent = await sendChatMessage(
    sending,
    request.sender,
    {
      text: frame.message ?? '',
      to: frame.to,
      contactId: frame.contact_id,
      clientMessageId: frame.clientMessageId,
      ...(frame.attachments ? { attachments: frame.attachments } : {}),
    },
    request.connectionId,
  );
  await askAssistant(request.sender, sent);
  // an ack answers a clientMessageId; the seed widget sends none and reads none, so it is sent nothing
  if (frame.clientMessageId === undefined) return;
  request.reply(
    frames.messageAck({
      id: sent.messageId,
      contactId: sent.contact.contactId,
      seq: sent.message.seq,
      clientMessageId: frame.clientMessageId,
      delivered: sent.delivered,
      duplicate: sent.duplicate,
      timestamp: sent.message.createdAt,
    }),
  );
});
