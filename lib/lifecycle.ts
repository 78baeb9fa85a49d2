/**
 * Changing a chat's life: end, transfer, delete (cascade), and soft-deleting one message. Every
 * change is one conditional write on the contact, then slots are freed and both sides are told.
 */
import { parties, visibleContact } from './access';
import { assignSeller } from './assignment';
import { chatFrame } from './chat-messages';
import { notifySellerOfAssignment } from './chats';
import type { Identity } from './connections';
import type { Contact } from './contacts';
import { badRequest, forbidden, notFound } from './errors';
import type { Caller, SellerCaller } from './http-auth';
import { frames, type Role } from './protocol';
import { eventFrames, type TransferBody } from './protocol-events';
import { offerQueuedChats } from './presence';
import { requeueContact, type PresenceDeps } from './requeue';

export type LifecycleDeps = PresenceDeps;

/** Messages deleted per round of a cascade delete. */
export const DELETE_PAGE_SIZE = 100;

async function tell(deps: LifecycleDeps, identities: Identity[], frame: unknown): Promise<void> {
  await Promise.all(identities.map((identity) => deps.delivery.toIdentity(identity, frame)));
}

/**
 * Ends a chat: both sides are told, the seller's slot is freed and queued chats are offered to it.
 * Ending an ended chat changes nothing and returns it as it is.
 */
export async function endChat(deps: LifecycleDeps, contact: Contact, by: Role): Promise<Contact> {
  const before = await deps.contacts.end(contact.contactId, by);
  const after = await deps.contacts.get(contact.contactId);
  if (!before || !after) return after ?? contact;
  deps.log.info('chat ended', { contactId: contact.contactId, by });
  await tell(deps, parties(before), eventFrames.contactEnded({ contactId: after.contactId, endedBy: by, endedAt: after.endedAt ?? after.lastActivityAt }));
  if (before.status === 'assigned' && before.sellerId) {
    await deps.sellers.releaseSlot(before.sellerId);
    await offerQueuedChats(deps, before.sellerId);
  }
  return after;
}

/** POST /v1/contacts/{id}/end: either party (a queue's seller too) may end a chat it can see. */
export async function endContact(deps: LifecycleDeps, caller: Caller, contactId: string): Promise<Contact> {
  return endChat(deps, await visibleContact(deps.contacts, caller, contactId), caller.role);
}

/**
 * Reassigns a chat of `seller` through the assignment module: to seller `toSellerId` or to a
 * member of team `toTeamId` (never back to `seller`). When nobody is available it waits in that
 * seller's or team's queue. Old seller, new seller and visitor are told.
 */
export async function transferContact(deps: LifecycleDeps, seller: SellerCaller, contactId: string, body: TransferBody): Promise<Contact> {
  const contact = await visibleContact(deps.contacts, seller, contactId);
  if (contact.status !== 'assigned' || contact.sellerId !== seller.sellerId) {
    throw badRequest('only an open chat assigned to you can be transferred');
  }
  const target = (body.toSellerId ?? body.toTeamId) as string;
  if (target === seller.sellerId) throw badRequest('the chat is already yours');
  const fromSellerId = seller.sellerId;
  const transferred = (status: Contact['status']) =>
    eventFrames.contactTransferred({
      contactId,
      fromSellerId,
      toSellerId: body.toSellerId ?? null,
      toTeamId: body.toTeamId ?? null,
      status,
    });

  const newSellerId = await assignSeller(
    { sellers: deps.sellers, connections: deps.connections, strategy: deps.strategy, defaultMaxChats: deps.config.limits.maxChatsPerSeller },
    target,
    undefined,
    { exclude: [fromSellerId] },
  );
  if (!newSellerId) {
    const queued = await requeueContact(deps, contact, fromSellerId, target, 'transfer');
    if (!queued) throw badRequest('the chat changed meanwhile; reload it');
    await tell(deps, parties({ ...contact, sellerId: fromSellerId }), transferred(queued.status));
    deps.log.info('chat transferred', { contactId, fromSellerId, target, status: queued.status });
    return queued;
  }
  const reassigned = await deps.contacts.reassign(contactId, fromSellerId, newSellerId);
  if (!reassigned) {
    await deps.sellers.releaseSlot(newSellerId);
    throw badRequest('the chat changed meanwhile; reload it');
  }
  await deps.sellers.releaseSlot(fromSellerId);
  deps.log.info('chat transferred', { contactId, fromSellerId, toSellerId: newSellerId });
  await Promise.all([
    tell(
      deps,
      [{ role: 'visitor', userId: contact.visitorId }, { role: 'seller', userId: fromSellerId }, { role: 'seller', userId: newSellerId }],
      { ...transferred('assigned'), sellerId: newSellerId },
    ),
    notifySellerOfAssignment(deps, reassigned),
    deps.delivery.toIdentity(
      { role: 'visitor', userId: contact.visitorId },
      frames.contactAssignedToVisitor({ contactId, sellerId: newSellerId }),
    ),
  ]);
  await offerQueuedChats(deps, fromSellerId);
  return reassigned;
}

/** DELETE /v1/contacts/{id}: ends the chat if open (both sides told), then removes every message and the contact. */
export async function deleteContact(deps: LifecycleDeps, caller: Caller, contactId: string) {
  const contact = await visibleContact(deps.contacts, caller, contactId);
  if (contact.status === 'queued' && caller.role === 'seller' && contact.sellerId !== caller.sellerId) {
    throw forbidden('a queued chat can only be deleted by its visitor');
  }
  if (contact.status !== 'ended') await endChat(deps, contact, caller.role);
  let deleted = 0;
  // page by page, so a chat of any length goes within the Lambda's time; a retry finishes an interrupted one
  for (let more = true; more; ) {
    const page = await deps.messages.removePage(contactId, DELETE_PAGE_SIZE);
    deleted += page.removed;
    more = page.more;
  }
  await deps.contacts.remove(contactId);
  await deps.contacts.releaseOpenChat(contact.visitorId, contact.target, contactId);
  deps.log.info('chat deleted', { contactId, messages: deleted, by: caller.role });
  return { contact_id: contactId, deleted: true, messagesDeleted: deleted };
}

/**
 * Soft delete: the message stays in its place, marked deleted, its text hidden from every reader.
 * A visitor may delete its own messages; the chat's seller any message of the chat.
 */
export async function deleteMessage(deps: LifecycleDeps, caller: Caller, contactId: string, messageId: string) {
  const contact = await visibleContact(deps.contacts, caller, contactId);
  const message = await deps.messages.get(contactId, messageId);
  if (!message) throw notFound('no such message');
  if (caller.role === 'visitor' && !(message.senderRole === 'visitor' && message.senderId === caller.deviceId)) {
    throw forbidden('you can only delete your own messages');
  }
  if (caller.role === 'seller' && contact.sellerId !== caller.sellerId) {
    throw forbidden('only the chat\'s seller may delete its messages');
  }
  if (message.deletedAt) return chatFrame(message, message.recipientId);
  const deleted = await deps.messages.softDelete(contactId, messageId, caller.role);
  if (!deleted) throw notFound('no such message');
  await tell(
    deps,
    parties(contact),
    eventFrames.messageDeleted({
      contactId,
      id: messageId,
      seq: deleted.seq,
      deletedBy: caller.role,
      deletedAt: deleted.deletedAt ?? new Date().toISOString(),
    }),
  );
  return chatFrame(deleted, deleted.recipientId);
}
