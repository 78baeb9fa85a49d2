/**
 * Seller presence: `online` or `away` as the seller says, `offline` when its last connection
 * closes. Visitors are told of every change; a seller away or offline past the grace period is
 * swept (grace-period.ts).
 */
import type { Identity } from '../model/identity';
import type { ChatLifecycle } from '../chat/lifecycle';
import type { Logger } from '../platform/logger';
import { frames, type PresenceStatus } from '../protocol/outbound';
import type { Delivery } from '../realtime/delivery';
import { liveConnections, type Connection, type IdentityStore } from '../store/identity-store';
import { identityKey } from '../store/keys';
import { listGone, type Presence, type SellerItem, type SellerStore } from '../store/seller-store';

export interface PresenceDeps {
  sellers: Pick<SellerStore, 'setPresence' | 'markGone'>;
  identities: Pick<IdentityStore, 'unregister' | 'unregisterLastWithChats' | 'getMany'>;
  delivery: Pick<Delivery, 'push' | 'audiences'>;
  lifecycle: Pick<ChatLifecycle, 'offerQueuedTo'>;
  connectionTtlMs: number;
  log: Pick<Logger, 'info'>;
}

/** Tells every visitor of the seller's chats (one read for all of them) how the seller's presence changed. */
export async function tellVisitors(deps: Pick<PresenceDeps, 'identities' | 'delivery'>, sellerId: string, chats: Record<string, string>, status: PresenceStatus): Promise<void> {
  const visitors = [...new Set(Object.values(chats))].map((userId): Identity => ({ role: 'visitor', userId }));
  if (visitors.length === 0) return;
  const items = await deps.identities.getMany(visitors);
  await Promise.all(
    Object.entries(chats).map(([contactId, visitorId]) => {
      const visitor: Identity = { role: 'visitor', userId: visitorId };
      return deps.delivery.push(deps.delivery.audiences([visitor], items), frames.sellerPresence({ contactId, sellerId, status }));
    }),
  );
}

/** Stores the seller's presence, tells its tabs and its visitors; back online, it is offered queued chats. */
export async function setPresence(deps: PresenceDeps, seller: Identity, status: Presence): Promise<void> {
  const item: SellerItem = await deps.sellers.setPresence(seller.userId, status);
  deps.log.info('presence set', { sellerId: seller.userId, status });
  const own = deps.delivery.audiences([seller], new Map([[identityKey(seller), item]]));
  await Promise.all([deps.delivery.push(own, frames.presence({ sellerId: seller.userId, status })), tellVisitors(deps, seller.userId, item.chats ?? {}, status)]);
  if (status === 'online') await deps.lifecycle.offerQueuedTo(seller.userId);
}

export type DisconnectDeps = Omit<PresenceDeps, 'lifecycle' | 'log'>;

/**
 * $disconnect: drops the connection; when it was a seller's last one and the seller holds chats, the
 * same write lists it for the sweep, and its visitors are told (one read). A seller's disconnect
 * first tries that write: it fails (changing nothing) when other connections remain or no chat is
 * held, and the plain drop follows, so either way $disconnect makes at most two writes.
 */
export async function disconnect(deps: DisconnectDeps, identity: Identity, connection: Connection): Promise<void> {
  if (identity.role !== 'seller') {
    await deps.identities.unregister(identity, connection);
    return;
  }
  const since = new Date().toISOString();
  const wentOffline = await deps.identities.unregisterLastWithChats(identity, connection, (update) => listGone(update, since));
  if (wentOffline) {
    await tellVisitors(deps, identity.userId, (wentOffline as SellerItem).chats ?? {}, 'offline');
    return;
  }
  const after = await deps.identities.unregister(identity, connection);
  if (!after || liveConnections(after, deps.connectionTtlMs).length > 0) return;
  // only connections whose $disconnect never came were left (expired): the seller is offline all the same
  const chats = (after as SellerItem).chats ?? {};
  if (Object.keys(chats).length === 0) return;
  await deps.sellers.markGone(identity.userId, since);
  await tellVisitors(deps, identity.userId, chats, 'offline');
}
