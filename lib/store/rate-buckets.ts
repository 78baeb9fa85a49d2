/** The token buckets as items of the routing table, taken with one or two conditional updates and never a read-modify-write race. */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decide, intervalMs, toleranceMs, type RateLimiter } from '../access/rate-limit';
import { unlessConditionFails } from '../platform/errors';
import { routingKeys } from './keys';

/**
 * How far behind now a bucket's tat may be and still be taken by moving it on (tat + interval) rather than
 * restarting it from now: a tenth of the burst tolerance. Such a bucket had been full for less than that, so
 * it passes at most a tenth of its burst more than GCRA would, once, right after it refilled; its rate is
 * unchanged. In exchange one conditional write covers a bucket in use, one just refilled, and one that a
 * concurrent take (another container's clock a few ms ahead) has just moved past this one's now: the refused
 * write and the second one that a guessed "idle" cost under concurrent starts from one address are gone once
 * the container has taken the bucket within the slack. A bucket it does not know is tried idle first.
 */
export const behindSlackMs = (policy: Parameters<typeof toleranceMs>[0]) => toleranceMs(policy) / 10;

/** Buckets as items of the routing table (routingKeys.rateBucket), expiring once they are full again. */
export function dynamoRateLimiter(db: DynamoDBDocumentClient, table: string, clock: () => number = Date.now): RateLimiter {
  // the tat this container last wrote per bucket: one it wrote within the slack is moved on first (whatever
  // other containers' takes did since, that write passes); one it does not know, or knows went idle long ago,
  // is restarted from now first, as a quiet address's bucket is
  const lastTat = new Map<string, number>();
  // A container that runs invocations side by side (serverless-offline in process) takes one bucket one take
  // at a time: the next take then knows the tat the one before wrote and moves it on in one write, where two
  // racing guesses ("idle" and "moving on") could cost a refused write and a second one. One Lambda
  // invocation per container never waits here.
  const queued = new Map<string, Promise<unknown>>();
  return {
    take(key, policy) {
      const before = queued.get(key);
      const taken = before ? before.then(() => takeOnce(key, policy)) : takeOnce(key, policy);
      const settled = taken.catch(() => undefined);
      queued.set(key, settled);
      void settled.then(() => {
        if (queued.get(key) === settled) queued.delete(key);
      });
      return taken;
    },
  };

  async function takeOnce(key: string, policy: Parameters<typeof toleranceMs>[0]) {
    const now = clock();
    const Key = routingKeys.rateBucket(key);
    const interval = intervalMs(policy);
    // a bucket whose tat has passed is full: deleting it (TTL) changes nothing
    const expiresAt = Math.ceil((now + interval * policy.burst) / 1000) + 60;
    const attempt = async (update: string, condition: string, values: Record<string, number>) => {
      const answer = await unlessConditionFails(
        db.send(
          new UpdateCommand({
            TableName: table,
            Key,
            UpdateExpression: `${update}, expiresAt = :expires`,
            ConditionExpression: condition,
            ExpressionAttributeValues: { ...values, ':expires': expiresAt },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      );
      if (answer === undefined) return false;
      if (lastTat.size > 10_000) lastTat.clear();
      lastTat.set(key, Number(answer.Attributes?.tat ?? now));
      return true;
    };
    // an idle bucket (tat in the past) restarts from now; a new bucket, one in use, or one idle for less than
    // the slack moves on by one interval, allowed while tat stays within the burst tolerance
    const floor = now - behindSlackMs(policy);
    const idle = () => attempt('SET tat = :next', 'attribute_not_exists(tat) OR tat <= :now', { ':next': now + interval, ':now': now });
    const movingOn = () =>
      attempt('SET tat = if_not_exists(tat, :now) + :interval', 'attribute_not_exists(tat) OR (tat >= :floor AND tat <= :limit)', {
        ':interval': interval,
        ':now': now,
        ':floor': floor,
        ':limit': now + toleranceMs(policy),
      });
    const known = lastTat.get(key);
    const recent = known !== undefined && known >= floor;
    const allowed = { allowed: true, retryAfterSeconds: 0 };
    if (recent ? (await movingOn()) || (await idle()) : (await idle()) || (await movingOn())) return allowed;
    const stored = await db.send(new GetCommand({ TableName: table, Key, ConsistentRead: true }));
    const tat = Number(stored.Item?.tat ?? now);
    const { allowed: room, retryAfterMs } = decide(tat, now, policy);
    // both writes lost a race (the bucket went stale, then another take moved it past now): the read says
    // which one fits now, tried once
    if (room && (tat >= floor ? await movingOn() : await idle())) return allowed;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }
}
