import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { fromAuthorizerContext } from '../lib/access/connection-identity';
import { refuseTeamsNamingSellers } from '../lib/access/teams-apart';
import { sellers } from '../lib/wiring/sellers';
import { config } from '../lib/wiring/config';
import { ChatError, limitExceeded, publicError, unauthorized, type ErrorCode } from '../lib/platform/errors';
import { logger } from '../lib/platform/logger';
import { traced } from '../lib/platform/trace';
import { registerConnection } from '../lib/realtime/registration';
import { scheduleAfterConnect } from '../lib/wiring/schedule-after-connect';
import type { SellerItem } from '../lib/store/seller-store';
import { identities } from '../lib/wiring/identities';
import { targets } from '../lib/wiring/targets';

type ConnectEvent = APIGatewayProxyWebsocketEventV2 & {
  requestContext: APIGatewayProxyWebsocketEventV2['requestContext'] & { authorizer?: Record<string, unknown> };
};

const settings = config();

/** $connect: the authorizer said who; here the connection is registered, then afterConnect does what needs a live socket. Always returns a statusCode. */
export function handler(event: ConnectEvent): Promise<APIGatewayProxyResult> {
  return traced('connect', async () => {
    const { connectionId, connectedAt, requestId } = event.requestContext;
    const log = logger.child({ connectionId, route: '$connect', requestId });
    try {
      const authorizer = event.requestContext.authorizer;
      if (typeof authorizer?.refused === 'string') throw new ChatError(authorizer.refused as ErrorCode, String(authorizer.reason ?? 'refused'));
      const identity = fromAuthorizerContext(authorizer);
      if (!identity) throw new Error('$connect ran without an authorizer context');
      if (identity.role === 'seller' && identity.ticketSeq === undefined) {
        await refuseTeamsNamingSellers(identity.teams, async (ids) => new Set((await sellers.getMany(ids)).keys()));
      }
      const connection = { connectionId, connectedAt };
      const registered = await registerConnection({ identities, targets, settings }, identity, connection);
      if (!registered.admitted) {
        if ('ticketUsed' in registered) throw unauthorized('ticket already used');
        throw limitExceeded(`${identity.role} ${identity.userId} already has ${registered.live} connections; the limit is ${settings.limits.maxConnectionsPerIdentity}`);
      }
      const before = registered.before as SellerItem | undefined;
      await scheduleAfterConnect({
        ...connection,
        role: identity.role,
        userId: identity.userId,
        ...(identity.role === 'seller' ? { teams: identity.teams, maxChats: identity.maxChats, presence: before?.presence } : {}),
        ...(Object.keys(before?.pending ?? {}).length ? { pending: before?.pending } : {}),
      });
      log.info('connected', { role: identity.role, userId: identity.userId });
      return { statusCode: 200, body: '' };
    } catch (error) {
      const failure = publicError(error);
      if (failure.code === 'INTERNAL' || failure.code === 'UNAVAILABLE') log.error('connect failed', { error });
      else log.info('connection refused', { code: failure.code, reason: failure.message });
      return { statusCode: failure.httpStatus, body: failure.message };
    }
  });
}
