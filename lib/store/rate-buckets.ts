/** The token buckets as items of the routing table, taken with one or two conditional updates and never a read-modify-write race. */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decide, intervalMs, toleranceMs, type RateLimiter } from '../access/rate-limit';
import { unlessConditionFails } from '../platform/errors';
import { routingKeys } from './keys';

/** Buckets as items of the routing table (routingKeys.rateBucket), expiring once they are full again. */
export function dynamoRateLimiter(db: DynamoDBDocumentClient, table: string, clock: () => number = Date.now): RateLimiter {
  // the tat this container last wrote per bucket: a busy bucket (tat ahead of now) is tried in-use first,
  // so a steady stream from one address costs one write per take instead of a refused write and a second
  const lastTat = new Map<string, number>();
  return {
    async take(key, policy) {
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
      // an idle bucket (tat in the past) restarts from now; a bucket in use is allowed while tat stays within the burst tolerance
      const idle = () => attempt('SET tat = :next', 'attribute_not_exists(tat) OR tat <= :now', { ':next': now + interval, ':now': now });
      const inUse = () => attempt('SET tat = tat + :interval', 'tat > :now AND tat <= :limit', { ':interval': interval, ':now': now, ':limit': now + toleranceMs(policy) });
      const busy = (lastTat.get(key) ?? 0) > now;
      if (busy ? (await inUse()) || (await idle()) : (await idle()) || (await inUse())) return { allowed: true, retryAfterSeconds: 0 };
      const stored = await db.send(new GetCommand({ TableName: table, Key, ConsistentRead: true }));
      const { retryAfterMs } = decide(Number(stored.Item?.tat ?? now), now, policy);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    },
  };
}
