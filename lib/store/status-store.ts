/** What the health route reads: one probe of DynamoDB. */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { routingKeys } from './keys';

export interface StatusStore {
  /** One DynamoDB round trip; resolves with its duration in ms, rejects when DynamoDB does not answer. */
  probe(): Promise<number>;
}

export function statusStore(db: DynamoDBDocumentClient, tables: { routing: string }): StatusStore {
  return {
    async probe() {
      const started = Date.now();
      await db.send(new GetCommand({ TableName: tables.routing, Key: routingKeys.healthProbe() }), { abortSignal: AbortSignal.timeout(3000) });
      return Date.now() - started;
    },
  };
}
