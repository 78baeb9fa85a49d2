/** Liveness and status of the service: GET /v1/health and GET /v1/status. */
import { GetCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import packageJson from '../package.json';
import type { Config } from './config';

export interface StatusStore {
  /** One DynamoDB round trip; resolves with its duration in ms, rejects when DynamoDB does not answer. */
  probe(): Promise<number>;
  /** Open connections per role. A Scan: fine for a status page, not for a hot path. */
  onlineCounts(): Promise<{ visitors: number; sellers: number }>;
}

export function statusStore(db: DynamoDBDocumentClient, tables: Config['tables']): StatusStore {
  return {
    async probe() {
      const started = Date.now();
      await db.send(new GetCommand({ TableName: tables.routing, Key: { pk: 'health', sk: 'probe' } }), {
        abortSignal: AbortSignal.timeout(3000),
      });
      return Date.now() - started;
    },
    async onlineCounts() {
      const counts = { visitors: 0, sellers: 0 };
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new ScanCommand({
            TableName: tables.connections,
            ProjectionExpression: '#role',
            ExpressionAttributeNames: { '#role': 'role' },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          if (item.role === 'seller') counts.sellers++;
          else counts.visitors++;
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return counts;
    },
  };
}

/** The health answer: ok with the probe's latency, or unavailable (logged) when DynamoDB does not answer. */
export async function health(store: StatusStore, log: { warn(msg: string, extra?: Record<string, unknown>): void }) {
  try {
    return { healthy: true, body: { status: 'ok', dynamodb: { status: 'ok', latencyMs: await store.probe() } } };
  } catch (error) {
    log.warn('health probe failed', { error });
    return { healthy: false, body: { status: 'unavailable', dynamodb: { status: 'unreachable' } } };
  }
}

/** What GET /v1/status shows: package version, stage, table names and open connections per role. */
export async function serviceStatus(store: StatusStore, config: Config) {
  return {
    service: packageJson.name,
    version: packageJson.version,
    stage: config.stage,
    tables: config.tables,
    connections: await store.onlineCounts(),
    time: new Date().toISOString(),
  };
}
