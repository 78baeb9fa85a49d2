/**
 * Deleting: a whole chat (ended first, then everything it owns: its messages and private notes, its
 * files and their records, its label items, and last the chat and its notes item) or one message
 * (soft, in place).
 */
import type { Caller } from '../access/callers';
import { visibleChat } from './visibility';
import { forbidden, notFound } from '../platform/errors';
import { frames } from '../protocol/outbound';
import type { Delivery } from '../realtime/delivery';
import type { BucketObjects } from '../platform/bucket-objects';
import type { AttachmentStore } from '../store/attachment-store';
import { attachmentsPrefix, seqOfMessageId } from '../store/keys';
import type { LabelStore } from '../store/label-store';
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
  /** the notes item: its `tags` name the chat's label items, and it goes with the chat */
  notes: Pick<NoteStore, 'getMany' | 'remove'>;
  messages: Pick<MessageStore, 'get' | 'softDelete' | 'removePage'>;
  attachmentRecords: Pick<AttachmentStore, 'remove'>;
  /** the attachments bucket: the chat's files lie under `chats/<contactId>/` */
  attachmentFiles: BucketObjects;
  labels: Pick<LabelStore, 'remove'>;
  lifecycle: Pick<ChatLifecycle, 'end'>;
  delivery: Pick<Delivery, 'tell'>;
  log: { info(msg: string, extra?: Record<string, unknown>): void };
}

/** What deleting one message needs: none of the cascade's collaborators. */
export type MessageDeletionDeps = Omit<DeletionDeps, 'notes' | 'attachmentRecords' | 'attachmentFiles' | 'labels'>;

/** DELETE /v1/contacts/{id}: ends the chat if open (both sides told), then removes everything it owns, the chat last. */
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
  const attachments = await removeAttachments(deps, contactId);
  const labels = await removeLabelItems(deps, contactId, contact.target);
  // last: while the chat is there a retry finds it and finishes what an interrupted delete left
  await Promise.all([deps.chats.remove(contactId), deps.notes.remove(contactId)]);
  deps.log.info('chat deleted', { contactId, messages: deleted, attachments, labels, by: caller.role });
  return { contact_id: contactId, deleted: true, messagesDeleted: deleted };
}

/**
 * The chat's files and their records, found by listing the bucket under the chat's prefix: that
 * finds files uploaded and never sent too. A record goes before its file, so a retry's listing still
 * finds what an interrupted round left. Returns how many files there were.
 */
async function removeAttachments(deps: DeletionDeps, contactId: string): Promise<number> {
  const prefix = attachmentsPrefix(contactId);
  let removed = 0;
  let token: string | undefined;
  do {
    const page = await deps.attachmentFiles.list(prefix, token);
    await Promise.all(
      page.keys.map(async (key) => {
        // the key's last segment is the attachment's id (attachmentObjectKey in lib/store/keys.ts)
        const attachmentId = key.slice(key.lastIndexOf('/') + 1);
        if (attachmentId) await deps.attachmentRecords.remove(attachmentId);
        await deps.attachmentFiles.remove(key);
      }),
    );
    removed += page.keys.length;
    token = page.nextToken;
  } while (token);
  return removed;
}

/** The chat's label items under its target, named by its notes item's `tags` (read before that item goes). Returns how many. */
async function removeLabelItems(deps: DeletionDeps, contactId: string, target: string): Promise<number> {
  const labels = (await deps.notes.getMany([contactId])).get(contactId)?.tags ?? [];
  await Promise.all(labels.map((label) => deps.labels.remove(target, label, contactId)));
  return labels.length;
}

/**
 * Soft delete: the message stays in its place, marked deleted, its text hidden from every reader.
 * A visitor may delete its own messages; the chat's seller any message of the chat.
 */
export async function deleteMessage(deps: MessageDeletionDeps, caller: Caller, contactId: string, messageId: string) {
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
