import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { fromAuthorizerContext } from '../lib/access/connection-identity';
import { logger } from '../lib/platform/logger';
import { traced } from '../lib/platform/trace';
import { disconnect } from '../lib/jobs/seller-presence';
import { connectionTtlMs, delivery } from '../lib/wiring/delivery';
import { identities } from '../lib/wiring/identities';
import { sellers } from '../lib/wiring/sellers';

type DisconnectEvent = APIGatewayProxyWebsocketEventV2 & {
  requestContext: APIGatewayProxyWebsocketEventV2['requestContext'] & { authorizer?: Record<string, unknown> };
};

/** $disconnect is best effort on AWS; entries it misses are dropped when a push finds them gone, or when they expire. */
export function handler(event: DisconnectEvent): Promise<APIGatewayProxyResult> {
  return traced('disconnect', async () => {
    const { connectionId, connectedAt } = event.requestContext;
    const identity = fromAuthorizerContext(event.requestContext.authorizer);
    try {
      if (identity) await disconnect({ sellers, identities, delivery, connectionTtlMs }, identity, { connectionId, connectedAt });
    } catch (error) {
      logger.error('disconnect cleanup failed', { connectionId, error });
    }
    return { statusCode: 200, body: '' };
  });
}
