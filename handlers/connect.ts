import type { APIGatewayProxyWebsocketEventV2, APIGatewayProxyResult } from 'aws-lambda';
import { sellerTokenVerifier } from '../lib/seller-verifier';
import { admitConnection, identifyConnection } from '../lib/connect';
import { publicError } from '../lib/errors';
import { checkOrigin, originOf } from '../lib/origins';
import { scheduleAfterConnect } from '../lib/pending';
import { services } from '../lib/services';

type ConnectEvent = APIGatewayProxyWebsocketEventV2 & {
  queryStringParameters?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
};

/** $connect: identify, register, then let afterConnect do what needs a live socket. Always returns a statusCode. */
export async function handler(event: ConnectEvent): Promise<APIGatewayProxyResult> {
  const deps = services();
  const { connectionId, requestId } = event.requestContext;
  const log = deps.log.child({ connectionId, route: '$connect', requestId });
  try {
    const identity = await identifyConnection(event.queryStringParameters, await sellerTokenVerifier());
    // a widget that names its seller on the upgrade is checked right here; InitChat checks the rest
    const widgetOf = event.queryStringParameters?.sellerId;
    if (identity.role === 'visitor' && widgetOf) checkOrigin(deps.config.widgetOrigins, widgetOf, originOf(event.headers));
    await admitConnection(deps.connections, identity, deps.config.limits.maxConnectionsPerIdentity);
    await deps.connections.register(connectionId, identity, deps.config.limits.connectionTtlSeconds, originOf(event.headers));
    if (identity.role === 'seller') {
      await deps.sellers.recordSeller(identity.userId, identity.teams, identity.maxChats ?? deps.config.limits.maxChatsPerSeller);
    }
    await scheduleAfterConnect(deps.config.afterConnectFunction, { connectionId, ...identity });
    log.info('connected', { role: identity.role, userId: identity.userId });
    return { statusCode: 200, body: '' };
  } catch (error) {
    const failure = publicError(error);
    if (failure.code === 'INTERNAL') log.error('connect failed', { error });
    else log.info('connection refused', { code: failure.code, reason: failure.message });
    return { statusCode: failure.httpStatus, body: failure.message };
  }
}
