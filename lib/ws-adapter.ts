/** What every WebSocket message route shares: sender lookup, replies, and errors as error frames. */
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import type { ConnectionRecord } from './connections';
import { publicError, unauthorized } from './errors';
import { ClientMessageIdProbe, frames, parseJsonObject } from './protocol';
import { services, type Services } from './services';
import { payloadTooLarge } from './errors';
import type { Logger } from './logger';

export interface WsRequest {
  connectionId: string;
  requestId: string;
  /** the client's address as API Gateway saw it */
  sourceIp: string | undefined;
  /** the parsed JSON object of the frame */
  body: Record<string, unknown>;
  log: Logger;
  /** The registered identity of this connection; the body never decides who is speaking. */
  sender(): Promise<ConnectionRecord>;
  reply(frame: unknown): Promise<void>;
}

export type WsRoute = (request: WsRequest, deps: Services) => Promise<void>;

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
  return async (event: APIGatewayProxyWebsocketEventV2): Promise<{ statusCode: number }> => {
    const deps = services();
    const { connectionId, requestId = 'unknown' } = event.requestContext;
    const sourceIp = (event.requestContext as { identity?: { sourceIp?: string } }).identity?.sourceIp;
    const log = deps.log.child({ connectionId, route, requestId });
    const reply = async (frame: unknown) => {
      await deps.delivery.toConnections([connectionId], frame);
    };
    try {
      const raw: unknown = event.body;
      const size = typeof raw === 'string' ? Buffer.byteLength(raw) : 0;
      if (size > deps.config.limits.maxFrameBytes) {
        throw payloadTooLarge(`frame is ${size} bytes; the limit is ${deps.config.limits.maxFrameBytes}`);
      }
      const body = parseJsonObject(event.isBase64Encoded ? undefined : raw, 'frame');
      let sender: Promise<ConnectionRecord> | undefined;
      await run(
        {
          connectionId,
          requestId,
          sourceIp,
          body,
          log,
          sender: () =>
            (sender ??= deps.connections.get(connectionId).then((record) => {
              if (!record) throw unauthorized('this connection is not registered; reconnect');
              return record;
            })),
          reply,
        },
        deps,
      );
    } catch (error) {
      const failure = publicError(error);
      if (failure.code === 'INTERNAL') log.error('route failed', { error });
      else log.info('request refused', { code: failure.code, reason: failure.message });
      await reply(frames.error(failure, requestId, clientMessageIdOf(event.body))).catch((pushError) =>
        log.warn('could not send error frame', { error: pushError }),
      );
    }
    return { statusCode: 200 };
  };
}
