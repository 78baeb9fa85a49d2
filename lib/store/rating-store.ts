/**
 * Satisfaction ratings: the rating itself on the ended chat's item (`C#<contactId>`, written once,
 * under a condition), and per target and UTC day a count and a sum raised with one ADD, so a
 * week's average is 7 items read by key per target.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../platform/errors';
import { batchGetAll } from './batch';
import { chatKeys, routingKeys } from './keys';

export interface ChatRating {
  score: number;
  comment?: string;
  ratedAt: string;
}

export interface RatingStore {
  /** Stores the rating on the ended chat; false when the chat has no ended item or holds a rating already. */
  rate(contactId: string, rating: ChatRating): Promise<boolean>;
  /** Adds one score to the target's day. */
  count(targetId: string, day: string, score: number): Promise<void>;
  /** Per target: the count and sum of its ratings over `days` (UTC dates), read by key. */
  totals(targetIds: string[], days: string[]): Promise<Map<string, { count: number; sum: number }>>;
}

export function ratingStore(db: DynamoDBDocumentClient, tables: { chats: string; routing: string }): RatingStore {
  return {
    async rate(contactId, rating) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tables.chats,
            Key: chatKeys.ended(contactId),
            UpdateExpression: 'SET rating = :rating',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(rating)',
            ExpressionAttributeValues: { ':rating': rating },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async count(targetId, day, score) {
      await db.send(
        new UpdateCommand({
          TableName: tables.routing,
          Key: routingKeys.ratingDay(targetId, day),
          UpdateExpression: 'ADD ratings :one, scoreSum :score',
          ExpressionAttributeValues: { ':one': 1, ':score': score },
        }),
      );
    },
    async totals(targetIds, days) {
      const ids = [...new Set(targetIds)];
      const items = await batchGetAll(
        db,
        tables.routing,
        ids.flatMap((id) => days.map((day) => routingKeys.ratingDay(id, day))),
      );
      const totals = new Map(ids.map((id) => [id, { count: 0, sum: 0 }]));
      for (const item of items) {
        const total = totals.get(String(item.pk).slice('target#'.length));
        if (!total) continue;
        total.count += Number(item.ratings ?? 0);
        total.sum += Number(item.scoreSum ?? 0);
      }
      return totals;
    },
  };
}
