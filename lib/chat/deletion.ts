/** Deleting: a whole chat (ended first, then every message and the chat) or one message (soft, in place). */
import type { Caller } from '../access/callers';
import { visibleChat } from './visibility';
import { forbidden, notFound } from '../platform/errors';
import { frames } from '../protocol/outbound';
import type { Delivery } from '../realtime/delivery';
import { seqOfMessageId } from '../store/keys';
import type { NoteStore } from '../store/note-store';
import type { ChatStore } from '../store/chat-store';
import type { MessageStore } from '../store/message-store';
import { notesPartition } from '../store/private-note-store';
import type { ChatReader } from './chat-reader';
import type { ChatLifecycle } from './lifecycle';
import { messageFrame } from './message-frame';
import { isParty, parties } from '../model/parties';

/** Messages deleted per round of a cascade delete. */
export const DELETE_PAGE_SIZE = 100;

export interface DeletionDeps {
  contacts: ChatReader;
  chats: Pick<ChatStore, 'remove'>;
  notes: Pick<NoteStore, 'remove'>;
  messages: Pick<MessageStore, 'get' | 'softDelete' | 'removePage'>;
  lifecycle: Pick<ChatLifecycle, 'end'>;
  delivery: Pick<Delivery, 'tell'>;
  log: { info(msg: string, extra?: Record<string, unknown>): void };
}

/** DELETE /v1/contacts/{id}: ends the chat if open (both sides told), then removes every message and the chat. */
export async function deleteChat(deps: DeletionDeps, caller: Caller, contactId: string) {
  const contact = await visibleChat(deps.contacts, caller, contactId);
  if (contact.status === 'queued' && caller.role === 'seller' && contact.sellerId !== caller.sellerId) {
    throw forbidden('a queued chat can only be deleted by its visitor');
  }
  if (contact.status !== 'ended') await deps.lifecycle.end(contact, caller.role);
  let deleted = 0;
  // page by page, so a chat of any length goes within the Lambda's time; a retry finishes an interrupted one
  for (let more = true; more;) {
    const page = await deps.messages.removePage(contactId, DELETE_PAGE_SIZE);
    deleted += page.removed;
    more = page.more;
  }
  // the chat's private notes: their own partition of the messages table
  for (let more = true; more;) more = (await deps.messages.removePage(notesPartition(contactId), DELETE_PAGE_SIZE)).more;
  await Promise.all([deps.chats.remove(contactId), deps.notes.remove(contactId)]);
  deps.log.info('chat deleted', { contactId, messages: deleted, by: caller.role });
  return { contact_id: contactId, deleted: true, messagesDeleted: deleted };
}

/**
 * Soft delete: the message stays in its place, marked deleted, its text hidden from every reader.
 * A visitor may delete its own messages; the chat's seller any message of the chat.
 */
export async function deleteMessage(deps: Omit<DeletionDeps, 'notes'>, caller: Caller, contactId: string, messageId: string) {
  const contact = await visibleChat(deps.contacts, caller, contactId);
  const seq = seqOfMessageId(contactId, messageId);
  const message = seq === undefined ? undefined : await deps.messages.get(contactId, seq);
  if (!message) throw notFound('no such message');
  if (caller.role === 'visitor' && !(message.senderRole === 'visitor' && message.senderId === caller.deviceId)) {
    throw forbidden('you can only delete your own messages');
  }
  if (caller.role === 'seller' && !isParty(contact, { role: 'seller', userId: caller.sellerId })) {
    throw forbidden("only the chat's seller may delete its messages");
  }
  if (message.deletedAt) return await messageFrame(message);
  const deleted = await deps.messages.softDelete(contactId, message.seq, caller.role);
  if (!deleted) throw notFound('no such message');
  await deps.delivery.tell(
    parties(contact),
    frames.messageDeleted({ contactId, id: messageId, seq: deleted.seq, deletedBy: caller.role, deletedAt: deleted.deletedAt ?? new Date().toISOString() }),
  );
  return await messageFrame(deleted);
}
