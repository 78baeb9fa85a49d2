/** Liveness and status of the service: GET /v1/health and GET /v1/status. */
import packageJson from '../../package.json';
import type { StatusStore } from '../store/status-store';
import type { Config } from './config';

/** The health answer: ok with the probe's latency, or unavailable (logged) when DynamoDB does not answer. */
export async function health(store: Pick<StatusStore, 'probe'>, log: { warn(msg: string, extra?: Record<string, unknown>): void }) {
  try {
    return { healthy: true, body: { status: 'ok', dynamodb: { status: 'ok', latencyMs: await store.probe() } } };
  } catch (error) {
    log.warn('health probe failed', { error });
    return { healthy: false, body: { status: 'unavailable', dynamodb: { status: 'unreachable' } } };
  }
}

/** What GET /v1/status shows: package version, stage, table names and open connections per role. */
export async function serviceStatus(store: Pick<StatusStore, 'onlineCounts'>, config: Pick<Config, 'stage' | 'tables'>) {
  return {
    service: packageJson.name,
    version: packageJson.version,
    stage: config.stage,
    tables: config.tables,
    connections: await store.onlineCounts(),
    time: new Date().toISOString(),
  };
}
