/**
 * What every WebSocket message route shares: the sender's identity, its answer, and errors as error
 * frames. The answer is the Lambda's return value, which API Gateway sends to the connection as a
 * route response (`routeResponseSelectionExpression: $default` in serverless.yml): no
 * PostToConnection call, no management-API permission, no request the handler waits for.
 */
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { fromAuthorizerContext, type ConnectionIdentity } from '../access/connection-identity';
import { positiveIntSetting } from '../platform/settings';
import { payloadTooLarge, publicError, unauthorized } from '../platform/errors';
import { metrics } from '../platform/metrics';
import { logger, type Logger } from '../platform/logger';
import { traced } from '../platform/trace';
import { ClientMessageIdProbe } from '../protocol/inbound';
import { frames } from '../protocol/outbound';
import { parseJsonObject } from '../protocol/parse';

export interface WsRequest {
  connectionId: string;
  /** when the connection was opened (epoch ms), which with its id names it in its identity's item */
  connectedAt: number;
  requestId: string;
  /** the client's address as API Gateway saw it */
  sourceIp: string | undefined;
  /** the parsed JSON object of the frame */
  body: Record<string, unknown>;
  log: Logger;
  /** Who is speaking: decided by the $connect authorizer; the body never decides it. */
  sender: ConnectionIdentity;
  /** Sets the frame this invocation answers with (sent once the route returns). */
  reply(frame: unknown): void;
}

export type WsRoute = (request: WsRequest) => Promise<void>;

type WsEvent = APIGatewayProxyWebsocketEventV2 & {
  requestContext: APIGatewayProxyWebsocketEventV2['requestContext'] & { authorizer?: Record<string, unknown>; identity?: { sourceIp?: string } };
};

function clientMessageIdOf(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const probe = ClientMessageIdProbe.safeParse(JSON.parse(raw));
    return probe.success ? probe.data.clientMessageId : undefined;
  } catch {
    return undefined;
  }
}

/** Wraps a route: never throws (serverless-offline would send its own frame with a `message`). */
export function wsHandler(route: string, run: WsRoute) {
  // read alone, not through the whole configuration: every route's bundle, ping's too, carries this adapter
  const maxFrameBytes = positiveIntSetting('MAX_FRAME_BYTES');
  return (event: WsEvent): Promise<{ statusCode: number; body?: string }> =>
    traced(route, async () => {
      const { connectionId, connectedAt, requestId = 'unknown' } = event.requestContext;
      const log = logger.child({ connectionId, route, requestId });
      let answer: unknown;
      const reply = (frame: unknown) => {
        answer = frame;
      };
      try {
        const sender = fromAuthorizerContext(event.requestContext.authorizer);
        if (!sender) throw unauthorized('this connection has no identity; reconnect');
        const raw: unknown = event.body;
        const size = typeof raw === 'string' ? Buffer.byteLength(raw) : 0;
        if (size > maxFrameBytes) throw payloadTooLarge(`frame is ${size} bytes; the limit is ${maxFrameBytes}`);
        const body = parseJsonObject(event.isBase64Encoded ? undefined : raw, 'frame');
        const sourceIp = sender.sourceIp ?? event.requestContext.identity?.sourceIp;
        await run({ connectionId, connectedAt, requestId, sourceIp, body, log, sender, reply });
      } catch (error) {
        const failure = publicError(error);
        metrics.count(`Refused_${failure.code}`);
        // an outage is still an error for the operators, though the client may retry it
        if (failure.code === 'INTERNAL' || failure.code === 'UNAVAILABLE') log.error('route failed', { error });
        else log.info('request refused', { code: failure.code, reason: failure.message });
        reply(frames.error(failure, requestId, clientMessageIdOf(event.body)));
      }
      return answer === undefined ? { statusCode: 200 } : { statusCode: 200, body: JSON.stringify(answer) };
    });
}
