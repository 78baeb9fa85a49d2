import { afterConnect, type ConnectedEvent } from '../lib/realtime/after-connect';
import { logger } from '../lib/platform/logger';
import { traced } from '../lib/platform/trace';
import { connectionTtlMs, delivery } from '../lib/wiring/delivery';
import { identities } from '../lib/wiring/identities';
import { lifecycle } from '../lib/wiring/lifecycle';
import { messages } from '../lib/wiring/messages';
import { targets } from '../lib/wiring/targets';

/** Invoked asynchronously by $connect with the new connection's identity. */
export function handler(event: ConnectedEvent): Promise<void> {
  return traced('afterConnect', async () => {
    try {
      await afterConnect(
        { identities, queuesOf: (sellerId, teams) => targets.getMany([sellerId, ...teams]), messages, delivery, lifecycle, connectionTtlMs, log: logger },
        event,
      );
    } catch (error) {
      logger.error('after-connect failed', { connectionId: event.connectionId, error });
      throw error;
    }
  });
}
