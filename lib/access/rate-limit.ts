/**
 * Rate limiting as token buckets in their GCRA form: one number, the "theoretical arrival time"
 * (tat) of the next request. A bucket of `burst` tokens refilled at `perSecond` allows a request
 * when tat <= now + (burst - 1) / perSecond, and then moves tat one interval on. The arithmetic is
 * here, pure; the buckets themselves live in DynamoDB (store/rate-buckets.ts), so they hold across
 * Lambda instances.
 */
import { rateLimited } from '../platform/errors';

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

export const intervalMs = (policy: BucketPolicy) => 1000 / policy.perSecond;
export const toleranceMs = (policy: BucketPolicy) => intervalMs(policy) * (policy.burst - 1);

/** The bucket arithmetic, pure: whether a request at `now` passes, and the bucket's next tat. */
export function decide(tat: number | undefined, now: number, policy: BucketPolicy): { allowed: boolean; nextTat: number; retryAfterMs: number } {
  const current = tat ?? now;
  const earliest = current - toleranceMs(policy);
  if (earliest > now) return { allowed: false, nextTat: current, retryAfterMs: earliest - now };
  return { allowed: true, nextTat: Math.max(current, now) + intervalMs(policy), retryAfterMs: 0 };
}

/** Names of the per-address buckets (their items are `rate#<name>` in the routing table). */
export const bucketNames = {
  sourceIp: (address: string) => `ip#${address}`,
  chatStarts: (address: string) => `starts#${address}`,
  newVisitors: (address: string) => `visitors#${address}`,
  /** one identity's frames of one kind (typing, resume, leaveEmail) */
  frames: (kind: string, role: string, userId: string) => `frames#${kind}#${role}#${userId}`,
};

/** Per-address limits: the addresses they skip (RATE_LIMIT_EXEMPT_ADDRESSES). */
export type ExemptAddresses = ReadonlySet<string>;

export function parseExemptAddresses(raw: string | undefined): ExemptAddresses {
  return new Set(
    (raw ?? '')
      .split(',')
      .map((address) => address.trim())
      .filter(Boolean),
  );
}

/** The bucket of `sourceIp` under `policy`, or none when there is no address or it is exempt. */
export function addressBucket(
  sourceIp: string | undefined,
  exempt: ExemptAddresses,
  bucket: { key: (address: string) => string; policy: BucketPolicy; what: string },
): { key: string; policy: BucketPolicy; what: string }[] {
  if (!sourceIp || exempt.has(sourceIp)) return [];
  return [{ key: bucket.key(sourceIp), policy: bucket.policy, what: bucket.what }];
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

/**
 * A policy as a fixed window, for limits kept inside another item's write (a chat's line, a
 * visitor's item): `burst` per `burst / perSecond` seconds.
 */
export const windowOf = (policy: BucketPolicy) => ({ cap: policy.burst, windowMs: Math.round((policy.burst / policy.perSecond) * 1000) });

export interface RateLimiter {
  take(key: string, policy: BucketPolicy): Promise<TakeResult>;
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
