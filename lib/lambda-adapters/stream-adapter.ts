/**
 * A Lambda response-streaming function (`awslambda.streamifyResponse`, behind a Function URL with
 * invokeMode RESPONSE_STREAM) serving several routes: JSON answers, and Server-Sent Events that
 * are written as they happen. Its event is the Function URL's, which is API Gateway's payload 2.0.
 * Every response carries X-Request-Id (the client's own when it sends a sane one) and CORS headers
 * for the calling page; a route's origin check decides whether that page may use it.
 */
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { publicError } from '../platform/errors';
import { logger, type Logger } from '../platform/logger';
import { metrics } from '../platform/metrics';
import { traced } from '../platform/trace';

export interface StreamRequest {
  event: APIGatewayProxyEventV2;
  /** the route's path parameters, decoded */
  params: Record<string, string>;
  requestId: string;
  log: Logger;
}

/** One server-sent event: `event:`, `id:` and JSON `data:`. */
export interface ServerSentEvent {
  event: string;
  id: string;
  data: unknown;
}

export type StreamResult =
  | { kind: 'json'; status: number; body: unknown }
  | {
      kind: 'events';
      /** the id an error event carries when it comes before any other event */
      firstId: string;
      headers?: Record<string, string>;
      run(send: (event: ServerSentEvent) => void): Promise<void>;
    };

export interface StreamRoute {
  method: string;
  /** e.g. `/v1/chat/conversations/{id}/messages` */
  path: string;
  run(request: StreamRequest): Promise<StreamResult>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's X-Request-Id when it is a plain token, so it can find its request in our logs; ours otherwise. */
export function requestIdOf(event: APIGatewayProxyEventV2): string {
  const given = header(event, 'x-request-id');
  if (given && REQUEST_ID.test(given)) return given;
  return event.requestContext?.requestId ?? randomUUID();
}

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

const ALLOWED_HEADERS = 'authorization, content-type, last-event-id, x-request-id';
const EXPOSED_HEADERS = 'x-request-id, retry-after';

/** CORS for the calling page: any page may ask; each route's origin check refuses the pages its target does not list. */
function corsHeaders(event: APIGatewayProxyEventV2, methods: string): Record<string, string> {
  const origin = header(event, 'origin');
  if (!origin) return {};
  return { 'access-control-allow-origin': origin, vary: 'origin', 'access-control-expose-headers': EXPOSED_HEADERS, 'access-control-allow-methods': methods };
}

/** `{name}` segments of `pattern` matched against `path`; undefined when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.replace(/\/+$/, '').split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] as string;
    const value = got[i] as string;
    if (segment.startsWith('{') && segment.endsWith('}')) {
      try {
        params[segment.slice(1, -1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (segment !== value) return undefined;
  }
  return params;
}

/** The text of one event; the data is one line of JSON, so it needs no splitting. */
export function formatEvent(event: ServerSentEvent): string {
  return `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

export const HEARTBEAT = ': heartbeat\n\n';

function finished(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableFinished) return resolve();
    stream.once('finish', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

export function streamingHandler(routes: StreamRoute[], options: { heartbeatMs: number }) {
  const methodsOf = (path: string) => [...new Set(routes.filter((route) => matchPath(route.path, path)).map((route) => route.method)), 'OPTIONS'].join(', ');

  // the Lambda Node.js runtime's global (@types/aws-lambda declares it); scripts/stream-server.ts provides the same locally.
  // A plain `require` of the bundle (the cold-start benchmark) has none, or only the empty object a bundled
  // dependency (Powertools' invoke store) puts there: the module still loads.
  if (typeof globalThis.awslambda?.streamifyResponse !== 'function') {
    return () => {
      throw new Error('a response-streaming handler runs in the Lambda runtime, or under scripts/stream-server.ts');
    };
  }
  const runtime = awslambda;
  return runtime.streamifyResponse(async (event: APIGatewayProxyEventV2, responseStream: Writable) => {
    const method = event.requestContext?.http?.method ?? 'GET';
    const path = event.rawPath ?? '/';
    const requestId = requestIdOf(event);
    const cors = corsHeaders(event, methodsOf(path));
    const open = (statusCode: number, headers: Record<string, string>) =>
      runtime.HttpResponseStream.from(responseStream, { statusCode, headers: { 'x-request-id': requestId, ...cors, ...headers } });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const out = open(status, { 'content-type': 'application/json', ...headers });
      out.end(JSON.stringify(body));
      return finished(out);
    };

    if (method === 'OPTIONS') {
      const out = open(204, { 'access-control-allow-headers': ALLOWED_HEADERS, 'access-control-max-age': '600' });
      out.end();
      return finished(out);
    }
    const found = routes.map((route) => ({ route, params: route.method === method ? matchPath(route.path, path) : undefined })).find((match) => match.params);
    if (!found?.params) return json(404, { error: { code: 'NOT_FOUND', message: `no route ${method} ${path}` }, requestId });
    const name = `${found.route.method} ${found.route.path}`;
    const log = logger.child({ route: name, requestId });
    const refuse = (error: unknown) => {
      const failure = publicError(error);
      metrics.count(`Refused_${failure.code}`);
      if (failure.code === 'INTERNAL' || failure.code === 'UNAVAILABLE') log.error('route failed', { error });
      else log.info('request refused', { code: failure.code, reason: failure.message });
      return failure;
    };

    await traced(name, async () => {
      let result: StreamResult;
      try {
        result = await found.route.run({ event, params: found.params as Record<string, string>, requestId, log });
      } catch (error) {
        const failure = refuse(error);
        const retryAfter = failure.retryAfterSeconds;
        return json(
          failure.httpStatus,
          { error: { code: failure.code, message: failure.message, ...(retryAfter ? { retryAfter } : {}) }, requestId },
          retryAfter ? { 'retry-after': String(retryAfter) } : {},
        );
      }
      if (result.kind === 'json') return json(result.status, result.body);

      const out = open(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no', ...result.headers });
      // a client gone mid-answer must not fail the invocation: the answer is still stored, and read later or resumed
      out.on('error', (error) => log.info('the client left the stream', { error: String(error) }));
      let lastId = result.firstId;
      let lastWriteAt = Date.now();
      const write = (text: string) => {
        lastWriteAt = Date.now();
        out.write(text);
      };
      // a comment while the engine is silent: proxies and clients keep a connection that talks
      const heartbeat = setInterval(
        () => {
          if (Date.now() - lastWriteAt >= options.heartbeatMs) write(HEARTBEAT);
        },
        Math.max(50, Math.floor(options.heartbeatMs / 2)),
      );
      try {
        await result.run((sse) => {
          lastId = sse.id;
          write(formatEvent(sse));
        });
      } catch (error) {
        const failure = refuse(error);
        write(formatEvent({ event: 'error', id: lastId, data: { code: failure.code, message: failure.message, requestId } }));
      } finally {
        clearInterval(heartbeat);
      }
      out.end();
      await finished(out);
    });
  });
}
