/** What the status routes read: a probe of DynamoDB and the open connections per role. */
import { GetCommand, paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { routingKeys } from './keys';

export interface StatusStore {
  /** One DynamoDB round trip; resolves with its duration in ms, rejects when DynamoDB does not answer. */
  probe(): Promise<number>;
  /** Open connections per role. A Scan of the identity items: fine for a status page, not for a hot path. */
  onlineCounts(): Promise<{ visitors: number; sellers: number }>;
}

export function statusStore(db: DynamoDBDocumentClient, tables: { routing: string }): StatusStore {
  return {
    async probe() {
      const started = Date.now();
      await db.send(new GetCommand({ TableName: tables.routing, Key: routingKeys.healthProbe() }), { abortSignal: AbortSignal.timeout(3000) });
      return Date.now() - started;
    },
    async onlineCounts() {
      const counts = { visitors: 0, sellers: 0 };
      const pages = paginateScan(
        { client: db },
        { TableName: tables.routing, ProjectionExpression: 'pk, conns', FilterExpression: 'attribute_exists(conns)' },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const open = (item.conns as Set<string> | undefined)?.size ?? 0;
          if (String(item.pk).startsWith('seller#')) counts.sellers += open;
          else counts.visitors += open;
        }
      }
      return counts;
    },
  };
}
