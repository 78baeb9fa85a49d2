/** Pushes frames to WebSocket connections through the API Gateway management API. */
import { PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { managementApi } from './clients';
import type { ConnectionStore, Identity } from './connections';
import type { Logger } from './logger';

export type PushResult = 'sent' | 'gone';

/** serverless-offline answers 410 with no error name; AWS names it GoneException. */
export function isGone(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return failure?.$metadata?.httpStatusCode === 410 || failure?.name === 'GoneException';
}

/** Posts one frame to one connection; 'gone' when the connection no longer exists. */
export async function postToConnection(endpoint: string, connectionId: string, frame: unknown): Promise<PushResult> {
  try {
    await managementApi(endpoint).send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(JSON.stringify(frame)) }),
    );
    return 'sent';
  } catch (error) {
    if (isGone(error)) return 'gone';
    throw error;
  }
}

/** A connection younger than this may still be inside $connect, where posts fail with 410 too. */
const STALE_AFTER_MS = 10_000;

export interface Delivery {
  /** Pushes to every given connection in parallel; removes the ones that are gone. Returns how many got it. */
  toConnections(connectionIds: string[], frame: unknown): Promise<number>;
  /** Pushes to every connection of `identity` except `exceptConnectionId`. */
  toIdentity(identity: Identity, frame: unknown, exceptConnectionId?: string): Promise<number>;
  /** Posts to a connection that may still be completing its handshake, retrying 410 for a moment. */
  toNewConnection(connectionId: string, frame: unknown, waitMs?: number): Promise<boolean>;
}

export function delivery(endpoint: string, connections: ConnectionStore, log: Logger): Delivery {
  const toConnections = async (connectionIds: string[], frame: unknown) => {
    const results = await Promise.all(
      connectionIds.map(async (connectionId) => {
        try {
          const result = await postToConnection(endpoint, connectionId, frame);
          if (result === 'gone') {
            log.info('removing stale connection', { staleConnection: connectionId });
            await connections.removeStale(connectionId, new Date(Date.now() - STALE_AFTER_MS));
          }
          return result === 'sent';
        } catch (error) {
          // one failed push must not stop delivery to the others; the message is already stored
          log.warn('push failed', { to: connectionId, error });
          return false;
        }
      }),
    );
    return results.filter(Boolean).length;
  };

  return {
    toConnections,
    async toIdentity(identity, frame, exceptConnectionId) {
      const ids = (await connections.listIds(identity)).filter((id) => id !== exceptConnectionId);
      return ids.length ? toConnections(ids, frame) : 0;
    },
    async toNewConnection(connectionId, frame, waitMs = 5000) {
      const deadline = Date.now() + waitMs;
      for (let pause = 25; ; pause = Math.min(pause * 2, 400)) {
        if ((await postToConnection(endpoint, connectionId, frame)) === 'sent') return true;
        if (Date.now() + pause > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    },
  };
}
