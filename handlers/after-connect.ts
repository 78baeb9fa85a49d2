import { existsSync } from 'node:fs';
import { afterConnect, type ConnectedEvent } from '../lib/jobs/after-connect';
import { recordFailure } from '../lib/jobs/after-connect-failures';
import { config } from '../lib/wiring/config';
import { logger } from '../lib/platform/logger';
import { traced } from '../lib/platform/trace';
import { connectionTtlMs, delivery } from '../lib/wiring/delivery';
import { identities } from '../lib/wiring/identities';
import { lifecycle } from '../lib/wiring/lifecycle';
import { messages } from '../lib/wiring/messages';
import { targets } from '../lib/wiring/targets';

const { afterConnectFailures } = config();

/** Invoked asynchronously by $connect with the new connection's identity. */
export function handler(event: ConnectedEvent): Promise<void> {
  return traced('afterConnect', async () => {
    try {
      // a local fault switch: the tests break afterConnect this way to see its failure kept and replayed
      if (afterConnectFailures?.faultFile && existsSync(afterConnectFailures.faultFile)) throw new Error('injected fault: the management endpoint is unreachable');
      await afterConnect({ identities, queuesOf: (sellerId, teams) => targets.getMany([sellerId, ...teams]), messages, delivery, lifecycle, connectionTtlMs, log: logger }, event);
    } catch (error) {
      logger.error('after-connect failed', { connectionId: event.connectionId, error });
      // on AWS the throw has Lambda retry it once and then keep it in the failure queue; locally this
      // directory keeps it instead, and nothing is thrown: serverless-offline does not survive an
      // asynchronous invocation that rejects
      if (afterConnectFailures) {
        recordFailure(afterConnectFailures.dir, event, error);
        return;
      }
      throw error;
    }
  });
}
