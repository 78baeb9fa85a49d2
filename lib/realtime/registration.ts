/**
 * A new connection joins its identity's item, in one conditional write that also refuses one
 * connection too many (429 on the upgrade) and redeems the connect ticket it came with (401 when
 * that ticket was used already). A seller's write also records its teams and capacity
 * from its token; when its teams changed since it last connected, the teams' member lists follow.
 */
import type { ConnectionIdentity } from '../access/connection-identity';
import type { Connection, IdentityStore } from '../store/identity-store';
import { recordSellerOnConnect, type SellerItem } from '../store/seller-store';
import type { TargetStore } from '../store/target-store';
import { ensureMaps } from '../store/identity-store';
import { VISITOR_MAPS } from '../store/visitor-store';
import { metrics } from '../platform/metrics';

export interface RegistrationDeps {
  identities: Pick<IdentityStore, 'register'>;
  targets: Pick<TargetStore, 'updateMembership'>;
  settings: { limits: { maxConnectionsPerIdentity: number; connectionTtlSeconds: number; maxChatsPerSeller: number } };
}

export async function registerConnection(deps: RegistrationDeps, identity: ConnectionIdentity, connection: Connection) {
  const { limits } = deps.settings;
  const registered = await deps.identities.register(identity, connection, {
    maxConnections: limits.maxConnectionsPerIdentity,
    ttlMs: limits.connectionTtlSeconds * 1000,
    ticketSeq: identity.ticketSeq,
    extra: (update) =>
      identity.role === 'seller'
        ? recordSellerOnConnect(update, identity.userId, identity.teams, identity.maxChats ?? limits.maxChatsPerSeller)
        : ensureMaps(update, ...VISITOR_MAPS.filter((map) => map !== 'chats' && map !== 'pending')),
  });
  if (registered.admitted) metrics.count(identity.role === 'visitor' ? 'VisitorConnectionsOpened' : 'SellerConnectionsOpened');
  if (registered.admitted && identity.role === 'seller') {
    const before = new Set(((registered.before as SellerItem | undefined)?.teams as string[] | undefined) ?? []);
    const now = new Set(identity.teams);
    const joined = [...now].filter((team) => !before.has(team));
    const left = [...before].filter((team) => !now.has(team));
    if (joined.length || left.length) await deps.targets.updateMembership(identity.userId, joined, left);
  }
  return registered;
}
