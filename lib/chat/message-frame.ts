/** A stored message as every push and every read shows it: live, on catch-up, on resume and in the history API. */
import { frames, type AttachmentView } from '../protocol/outbound';
import { attachmentLink } from '../platform/object-links';
import { attachmentObjectKey, messageIdOf } from '../store/keys';
import type { StoredMessage } from '../store/message-store';

/** Fresh download links for the message's files: each frame goes only to the chat's parties, and each read signs anew. */
async function attachmentViews(message: StoredMessage): Promise<AttachmentView[] | undefined> {
  if (!message.attachments?.length || message.deletedAt) return undefined;
  return Promise.all(message.attachments.map(async (file) => ({ ...file, url: await attachmentLink(attachmentObjectKey(message.contactId, file.attachmentId)) })));
}

export async function messageFrame(message: StoredMessage) {
  const attachments = await attachmentViews(message);
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
    ...(attachments ? { attachments } : {}),
  });
}
