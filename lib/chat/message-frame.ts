/** A stored message as every push and every read shows it: live, on catch-up, on resume and in the history API. */
import { frames } from '../protocol/outbound';
import { messageIdOf } from '../store/keys';
import type { StoredMessage } from '../store/message-store';

export function messageFrame(message: StoredMessage) {
  return frames.chatMessage({
    id: messageIdOf(message.contactId, message.seq),
    contactId: message.contactId,
    seq: message.seq,
    from: message.senderId,
    to: message.recipientId,
    role: message.senderRole,
    text: message.text,
    createdAt: message.createdAt,
    clientMessageId: message.clientMessageId,
    deletedAt: message.deletedAt,
    answerId: message.answerId,
    citations: message.citations,
    tokens: message.tokens,
  });
}
