/**
 * Seller presence: `online` or `away` as the seller says, `offline` when its last connection
 * closes. Visitors are told of every change; the grace period that follows is lib/requeue.ts's.
 */
import type { ConnectionRecord, Identity } from './connections';
import type { Contact } from './contacts';
import { eventFrames, type PresenceStatus } from './protocol-events';
import { assignQueuedChats } from './pending';
import type { PresenceDeps } from './requeue';
import type { Presence } from './sellers';

export type { PresenceDeps } from './requeue';

async function tellVisitors(deps: PresenceDeps, sellerId: string, status: PresenceStatus): Promise<void> {
  const chats = await deps.contacts.listAssignedToSeller(sellerId);
  await Promise.all(
    chats.map((contact) =>
      deps.delivery.toIdentity(
        { role: 'visitor', userId: contact.visitorId },
        eventFrames.sellerPresence({ contactId: contact.contactId, sellerId, status }),
      ),
    ),
  );
}

/** Gives an online, not-away seller the queued chats of its own and its teams' queues, up to its capacity. */
export async function offerQueuedChats(deps: PresenceDeps, sellerId: string): Promise<Contact[]> {
  const record = await deps.sellers.get(sellerId);
  if (!record || record.presence === 'away') return [];
  if (!(await deps.connections.isOnline({ role: 'seller', userId: sellerId }))) return [];
  return assignQueuedChats(deps, { role: 'seller', userId: sellerId, teams: record.teams, maxChats: record.maxChats });
}

/** Stores the seller's presence, tells its tabs and its visitors; back online, it is offered queued chats. */
export async function setPresence(deps: PresenceDeps, seller: Identity, status: Presence): Promise<void> {
  await deps.sellers.setPresence(seller.userId, status);
  deps.log.info('presence set', { sellerId: seller.userId, status });
  await Promise.all([
    deps.delivery.toIdentity(seller, eventFrames.presence({ sellerId: seller.userId, status })),
    tellVisitors(deps, seller.userId, status),
  ]);
  if (status === 'online') await offerQueuedChats(deps, seller.userId);
}

/** $disconnect: drops the connection; when it was a seller's last one, the seller is offline and its visitors are told. */
export async function disconnect(deps: PresenceDeps, connectionId: string): Promise<void> {
  const record: ConnectionRecord | undefined = await deps.connections.get(connectionId);
  await deps.connections.remove(connectionId);
  if (record?.role !== 'seller') return;
  if (await deps.connections.isOnline({ role: 'seller', userId: record.userId })) return;
  await deps.sellers.markOffline(record.userId);
  await tellVisitors(deps, record.userId, 'offline');
}

