/**
 * Rate limiting as a token bucket kept in DynamoDB, so it holds across Lambda instances.
 * The bucket is stored in its GCRA form: one number, the "theoretical arrival time" (tat) of the
 * next request. A bucket of `burst` tokens refilled at `perSecond` allows a request when
 * tat <= now + (burst - 1) / perSecond, and then moves tat one interval on. Each take is one or
 * two single-item conditional updates and never a read-modify-write race.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessConditionFails, rateLimited } from './errors';

export interface BucketPolicy {
  /** tokens a full bucket holds: how many requests may come at once */
  burst: number;
  /** tokens refilled per second: the sustained rate */
  perSecond: number;
}

export interface TakeResult {
  allowed: boolean;
  /** seconds until one token is back, when refused */
  retryAfterSeconds: number;
}

const intervalMs = (policy: BucketPolicy) => 1000 / policy.perSecond;
const toleranceMs = (policy: BucketPolicy) => intervalMs(policy) * (policy.burst - 1);

/** The bucket arithmetic, pure: whether a request at `now` passes, and the bucket's next tat. */
export function decide(tat: number | undefined, now: number, policy: BucketPolicy): { allowed: boolean; nextTat: number; retryAfterMs: number } {
  const current = tat ?? now;
  const earliest = current - toleranceMs(policy);
  if (earliest > now) return { allowed: false, nextTat: current, retryAfterMs: earliest - now };
  return { allowed: true, nextTat: Math.max(current, now) + intervalMs(policy), retryAfterMs: 0 };
}

/** Parses `BURST/PER_SECOND`, e.g. `20/2`, as rate-limit settings are written in the environment. */
export function parsePolicy(name: string, raw: string | undefined, fallback: BucketPolicy): BucketPolicy {
  if (!raw) return fallback;
  const match = raw.match(/^(\d+)\/(\d+(?:\.\d+)?)$/);
  const burst = Number(match?.[1]);
  const perSecond = Number(match?.[2]);
  if (!match || burst < 1 || !(perSecond > 0)) throw new Error(`${name} must look like BURST/PER_SECOND (e.g. 20/2), got "${raw}"`);
  return { burst, perSecond };
}

export interface RateLimiter {
  take(key: string, policy: BucketPolicy): Promise<TakeResult>;
}

/** Buckets as items `rate#<key>` / `bucket` in the routing table, expiring once they are full again. */
export function dynamoRateLimiter(db: DynamoDBDocumentClient, table: string, clock: () => number = Date.now): RateLimiter {
  return {
    async take(key, policy) {
      const now = clock();
      const Key = { pk: `rate#${key}`, sk: 'bucket' };
      const interval = intervalMs(policy);
      // a bucket whose tat has passed is full: deleting it (TTL) changes nothing
      const expiresAt = Math.ceil((now + interval * policy.burst) / 1000) + 60;
      const attempt = async (update: string, condition: string, values: Record<string, number>) => {
        return (await unlessConditionFails(db.send(
          new UpdateCommand({
            TableName: table,
            Key,
            UpdateExpression: `${update}, expiresAt = :expires`,
            ConditionExpression: condition,
            ExpressionAttributeValues: { ...values, ':expires': expiresAt },
          }),
        ))) !== undefined;
      };
      // an idle bucket (tat in the past): it restarts from now
      if (await attempt('SET tat = :next', 'attribute_not_exists(tat) OR tat <= :now', { ':next': now + interval, ':now': now })) {
        return { allowed: true, retryAfterSeconds: 0 };
      }
      // a bucket in use: allowed while tat stays within the burst tolerance
      if (await attempt('SET tat = tat + :interval', 'tat > :now AND tat <= :limit', { ':interval': interval, ':now': now, ':limit': now + toleranceMs(policy) })) {
        return { allowed: true, retryAfterSeconds: 0 };
      }
      const stored = await db.send(new GetCommand({ TableName: table, Key, ConsistentRead: true }));
      const { retryAfterMs } = decide(Number(stored.Item?.tat ?? now), now, policy);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    },
  };
}

/** Takes one token from each bucket in turn; throws RATE_LIMITED naming what was limited. */
export async function enforce(limiter: RateLimiter, buckets: { key: string; policy: BucketPolicy; what: string }[]): Promise<void> {
  for (const bucket of buckets) {
    const result = await limiter.take(bucket.key, bucket.policy);
    if (!result.allowed) {
      throw rateLimited(`too many ${bucket.what}; try again in ${result.retryAfterSeconds} s`, result.retryAfterSeconds);
    }
  }
}
