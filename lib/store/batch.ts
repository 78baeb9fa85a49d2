/** BatchGetItem beyond its limits: 100 keys per call, and the keys DynamoDB left unprocessed fetched again after a pause. */
import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const MAX_KEYS = 100;
const MAX_ROUNDS = 8;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every item of `keys` that exists; throws when DynamoDB keeps some unprocessed for too long.
 * Strongly consistent unless the caller says a stale item is harmless (`consistent: false`, half the read units).
 */
export async function batchGetAll(db: DynamoDBDocumentClient, table: string, keys: Record<string, unknown>[], consistent = true): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += MAX_KEYS) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + MAX_KEYS);
    // unprocessed keys mean throttling: back off exponentially (with jitter) before asking again
    for (let round = 0; pending?.length; round++) {
      if (round === MAX_ROUNDS) throw new Error(`BatchGetItem on ${table} left ${pending.length} keys unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await pause(Math.random() * 25 * 2 ** round);
      const answer: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } } }));
      found.push(...(answer.Responses?.[table] ?? []));
      pending = answer.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}
