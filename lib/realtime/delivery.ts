/**
 * Pushes frames to WebSocket connections through the API Gateway management API. The client is
 * passed in (as middy's ws-response takes one), so tests can hand it a fake or another endpoint.
 * Who is connected comes from the identities' items (identity-store): a caller that has read them
 * already passes the connections along, so a push costs no read.
 */
import { PostToConnectionCommand, type ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { Identity } from '../model/identity';
import type { Logger } from '../platform/logger';
import { tracePush } from '../platform/trace';
import { liveConnections, type Connection, type IdentityItem, type IdentityStore } from '../store/identity-store';
import { identityKey } from '../store/keys';
import { metrics } from '../platform/metrics';

export type PushResult = 'sent' | 'gone';

/** The one call of the management API we make. */
export type ManagementClient = Pick<ApiGatewayManagementApiClient, 'send'>;

/** serverless-offline answers 410 with no error name; AWS names it GoneException. */
export function isGone(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return failure?.$metadata?.httpStatusCode === 410 || failure?.name === 'GoneException';
}

/** Posts one frame to one connection; 'gone' when the connection no longer exists. Other failures throw. */
export async function postFrame(client: ManagementClient, connectionId: string, frame: unknown): Promise<PushResult> {
  tracePush();
  try {
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(JSON.stringify(frame)) }));
    return 'sent';
  } catch (error) {
    if (isGone(error)) return 'gone';
    throw error;
  }
}

/** A connection younger than this may still be inside $connect, where posts fail with 410 too. */
const STALE_AFTER_MS = 10_000;
/** How long a push keeps trying a young connection that answers 410. */
const YOUNG_RETRY_MS = 2_000;

/** An identity and the connections it has, as read from its item. */
export interface Audience {
  identity: Identity;
  connections: Connection[];
}

export interface Delivery {
  /** Pushes to every connection of each audience (but `exceptConnectionId`); gone ones are removed. Returns how many each identity got, by identityKey. */
  push(audiences: Audience[], frame: unknown, exceptConnectionId?: string): Promise<Map<string, number>>;
  /** Reads the identities' connections (one request) and pushes to them. */
  tell(identities: Identity[], frame: unknown, exceptConnectionId?: string): Promise<Map<string, number>>;
  /** The audiences of identities whose items were read already. */
  audiences(identities: Identity[], items: Map<string, IdentityItem>): Audience[];
  /** Posts to one connection (a reply to the frame it sent); true when it got it. */
  reply(connectionId: string, frame: unknown): Promise<boolean>;
  /** Posts to a connection that may still be completing its handshake, retrying 410 for a moment. */
  toNewConnection(connectionId: string, frame: unknown, waitMs?: number): Promise<boolean>;
}

export interface DeliveryDeps {
  client: ManagementClient;
  identities: Pick<IdentityStore, 'getMany' | 'dropConnections'>;
  connectionTtlMs: number;
  log: Pick<Logger, 'info' | 'warn'>;
}

export function delivery({ client, identities, connectionTtlMs, log }: DeliveryDeps): Delivery {
  /**
   * Posts to one connection of `identity`; a gone one old enough to be stale is dropped from the
   * identity's item. A young one may still be inside $connect, where posts fail with 410 for a
   * moment: it is given a few more tries.
   */
  const post = async (identity: Identity, connection: Connection, frame: unknown): Promise<boolean> => {
    try {
      const young = Date.now() - connection.connectedAt <= STALE_AFTER_MS;
      if (young) return await toNewConnection(connection.connectionId, frame, YOUNG_RETRY_MS);
      const result = await postFrame(client, connection.connectionId, frame);
      if (result === 'gone') {
        metrics.count('PushesGone');
        log.info('removing stale connection', { staleConnection: connection.connectionId });
        await identities.dropConnections(identity, [connection]);
      }
      return result === 'sent';
    } catch (error) {
      // one failed push must not stop delivery to the others; the message is already stored
      metrics.count('PushesFailed');
      log.warn('push failed', { to: connection.connectionId, error });
      return false;
    }
  };

  const toNewConnection: Delivery['toNewConnection'] = async (connectionId, frame, waitMs = 5000) => {
    const deadline = Date.now() + waitMs;
    for (let pause = 25; ; pause = Math.min(pause * 2, 400)) {
      if ((await postFrame(client, connectionId, frame)) === 'sent') return true;
      if (Date.now() + pause > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };

  const audiences: Delivery['audiences'] = (who, items) => who.map((identity) => ({ identity, connections: liveConnections(items.get(identityKey(identity)), connectionTtlMs) }));

  const push: Delivery['push'] = async (targets, frame, exceptConnectionId) => {
    const reached = new Map<string, number>();
    await Promise.all(
      targets.map(async ({ identity, connections }) => {
        const results = await Promise.all(connections.filter((c) => c.connectionId !== exceptConnectionId).map((connection) => post(identity, connection, frame)));
        reached.set(identityKey(identity), (reached.get(identityKey(identity)) ?? 0) + results.filter(Boolean).length);
      }),
    );
    return reached;
  };

  return {
    push,
    audiences,
    toNewConnection,
    async tell(who, frame, exceptConnectionId) {
      if (who.length === 0) return new Map();
      return push(audiences(who, await identities.getMany(who)), frame, exceptConnectionId);
    },
    async reply(connectionId, frame) {
      try {
        return (await postFrame(client, connectionId, frame)) === 'sent';
      } catch (error) {
        log.warn('reply failed', { to: connectionId, error });
        return false;
      }
    },
  };
}
