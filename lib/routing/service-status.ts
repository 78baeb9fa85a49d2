/** Liveness and status of the service: GET /v1/health and GET /v1/status. */
import packageJson from '../../package.json';
import type { SellerIdentity } from '../model/identity';
import { sellerRecord, type SellerItem } from '../store/seller-store';
import type { StatusStore } from '../store/status-store';
import type { TargetItem } from '../store/target-store';
import type { RatingStore } from '../store/rating-store';

/** The health answer: ok with the probe's latency, or unavailable (logged) when DynamoDB does not answer. */
export async function health(store: Pick<StatusStore, 'probe'>, log: { warn(msg: string, extra?: Record<string, unknown>): void }) {
  try {
    return { healthy: true, body: { status: 'ok', dynamodb: { status: 'ok', latencyMs: await store.probe() } } };
  } catch (error) {
    log.warn('health probe failed', { error });
    return { healthy: false, body: { status: 'unavailable', dynamodb: { status: 'unreachable' } } };
  }
}

/** The reads behind GET /v1/status: items by key, never a scan. */
export interface StatusReads {
  targets: { getMany(targetIds: string[]): Promise<Map<string, TargetItem>> };
  sellers: { getMany(sellerIds: string[]): Promise<Map<string, SellerItem>> };
  /** per target and day, the satisfaction ratings' count and sum */
  ratings?: Pick<RatingStore, 'totals'>;
}

/** What the status names of the deployment, from its configuration. */
export interface StatusSettings {
  stage: string;
  tables: Record<string, string>;
  limits: { connectionTtlSeconds: number };
}

export interface QueueStatus {
  /** the seller's own id or one of its teams */
  target: string;
  queued: number;
  /** the target's sellers (a team's members; the seller itself for its own queue) by state */
  sellers: { online: number; away: number; offline: number };
}

/**
 * What GET /v1/status shows a seller: package version, stage and table names, and for each of its
 * queues (its own and its teams') how many chats wait and how many of its sellers are online, away
 * or offline. Two batched reads of known keys, so the route costs the same with a million
 * connections as with ten; service-wide counts are CloudWatch's (docs/operations.md).
 */
export async function serviceStatus(reads: StatusReads, seller: Pick<SellerIdentity, 'userId' | 'teams'>, config: StatusSettings, ratingDays: string[] = []) {
  const queueIds = [seller.userId, ...seller.teams];
  const [targets, ratingTotals] = await Promise.all([reads.targets.getMany(queueIds), reads.ratings && ratingDays.length ? reads.ratings.totals(queueIds, ratingDays) : undefined]);
  const membersOf = (target: string) => (target === seller.userId ? [seller.userId] : Object.keys(targets.get(target)?.members ?? {}));
  const sellerIds = [...new Set(queueIds.flatMap(membersOf))];
  const items = await reads.sellers.getMany(sellerIds);
  const ttlMs = config.limits.connectionTtlSeconds * 1000;
  const stateOf = (sellerId: string): 'online' | 'away' | 'offline' => {
    const record = sellerRecord(sellerId, items.get(sellerId), ttlMs);
    if (!record || record.connectionIds.length === 0) return 'offline';
    return record.presence;
  };
  const queues: QueueStatus[] = queueIds.map((target) => {
    const sellers = { online: 0, away: 0, offline: 0 };
    for (const sellerId of membersOf(target)) sellers[stateOf(sellerId)]++;
    return { target, queued: Number(targets.get(target)?.queued ?? 0), sellers };
  });
  return {
    service: packageJson.name,
    version: packageJson.version,
    stage: config.stage,
    tables: config.tables,
    queues,
    ...(ratingTotals
      ? {
          // per queue: the visitors' satisfaction (1-5) over the last `days` UTC days; null when nobody rated
          ratings: queueIds.map((target) => {
            const total = ratingTotals.get(target) ?? { count: 0, sum: 0 };
            return { target, days: ratingDays.length, count: total.count, average: total.count ? Math.round((total.sum / total.count) * 100) / 100 : null };
          }),
        }
      : {}),
    time: new Date().toISOString(),
  };
}
