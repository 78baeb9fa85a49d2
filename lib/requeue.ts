/**
 * The presence grace period. There is no scheduler locally (and none is needed on AWS): it is
 * enforced lazily. A seller's state row keeps `awaySince` (set by `away`) and `offlineSince` (set
 * when its last connection closes); whenever a visitor writes into or resumes a chat, and whenever
 * a seller connects (for its teammates), chats of a seller that has been away or offline longer
 * than PRESENCE_GRACE_SECONDS go back to their queue and are offered to the queue's other
 * available sellers.
 */
import { assignSeller } from './assignment';
import { notifySellerOfAssignment } from './chats';
import type { Contact } from './contacts';
import { frames } from './protocol';
import { eventFrames } from './protocol-events';
import type { Services } from './services';

export type PresenceDeps = Pick<Services, 'contacts' | 'messages' | 'sellers' | 'connections' | 'delivery' | 'strategy' | 'config' | 'log'>;

function graceExpired(since: string | undefined, graceSeconds: number, now = Date.now()): boolean {
  return since !== undefined && now - Date.parse(since) >= graceSeconds * 1000;
}

/**
 * Puts an assigned chat back in queue `queueKey`, frees the seller's slot, tells both sides, and
 * offers it to the queue's other available sellers (never back to `fromSellerId`).
 */
export async function requeueContact(
  deps: PresenceDeps,
  contact: Contact,
  fromSellerId: string,
  queueKey: string,
  reason: 'transfer' | 'presence',
): Promise<Contact | undefined> {
  const queued = await deps.contacts.requeue(contact.contactId, fromSellerId, queueKey);
  if (!queued) return undefined; // ended or moved meanwhile
  await deps.sellers.releaseSlot(fromSellerId);
  deps.log.info('chat requeued', { contactId: contact.contactId, fromSellerId, queueKey, reason });
  const event = eventFrames.contactQueued({ contactId: contact.contactId, queueKey, fromSellerId, reason });
  await Promise.all([
    deps.delivery.toIdentity({ role: 'visitor', userId: contact.visitorId }, event),
    deps.delivery.toIdentity({ role: 'seller', userId: fromSellerId }, event),
  ]);
  return (await offerToQueue(deps, queued, [fromSellerId])) ?? queued;
}

/** Assigns a queued chat to an available seller of its queue, if there is one; undefined when it stays queued. */
export async function offerToQueue(deps: PresenceDeps, queued: Contact, exclude: string[]): Promise<Contact | undefined> {
  if (!queued.queueKey) return undefined;
  const sellerId = await assignSeller(
    { sellers: deps.sellers, connections: deps.connections, strategy: deps.strategy, defaultMaxChats: deps.config.limits.maxChatsPerSeller },
    queued.queueKey,
    undefined,
    { exclude },
  );
  if (!sellerId) return undefined;
  const assigned = await deps.contacts.assignQueued(queued.contactId, sellerId);
  if (!assigned) {
    await deps.sellers.releaseSlot(sellerId);
    return undefined;
  }
  await Promise.all([
    notifySellerOfAssignment(deps, assigned),
    deps.delivery.toIdentity(
      { role: 'visitor', userId: assigned.visitorId },
      frames.contactAssignedToVisitor({ contactId: assigned.contactId, sellerId }),
    ),
  ]);
  return assigned;
}

/** The lazy sweep: requeues every chat of a seller that has been away or offline past the grace period. */
export async function requeueIfAbandoned(deps: PresenceDeps, sellerId: string): Promise<number> {
  const record = await deps.sellers.get(sellerId);
  if (!record) return 0;
  const grace = deps.config.limits.presenceGraceSeconds;
  const away = record.presence === 'away' && graceExpired(record.awaySince, grace);
  const gone =
    !away &&
    graceExpired(record.offlineSince, grace) &&
    !(await deps.connections.isOnline({ role: 'seller', userId: sellerId }));
  if (!away && !gone) return 0;
  const chats = await deps.contacts.listAssignedToSeller(sellerId);
  let requeued = 0;
  for (const contact of chats) {
    if (await requeueContact(deps, contact, sellerId, contact.target, 'presence')) requeued++;
  }
  return requeued;
}

/** Sweeps the teammates of a seller that just connected, so it can pick up what they abandoned. */
export async function sweepTeams(deps: PresenceDeps, teams: string[], exceptSellerId: string): Promise<number> {
  const members = new Set((await Promise.all(teams.map((team) => deps.sellers.teamMembers(team)))).flat());
  members.delete(exceptSellerId);
  let requeued = 0;
  for (const sellerId of members) requeued += await requeueIfAbandoned(deps, sellerId);
  return requeued;
}

/** The sweep for one chat a visitor is about to use: requeues it (with its seller's others) when its seller is gone. */
export async function sweepContact(deps: PresenceDeps, contactOrId: string | Contact): Promise<void> {
  // a caller that has just read the contact passes it, saving a read on the message path
  const contact = typeof contactOrId === 'string' ? await deps.contacts.get(contactOrId) : contactOrId;
  if (contact?.status === 'assigned' && contact.sellerId) await requeueIfAbandoned(deps, contact.sellerId);
}
