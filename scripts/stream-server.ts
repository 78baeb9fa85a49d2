/**
 * The local front door of the response-streaming function (serverless-offline does not run
 * streaming handlers): a plain HTTP server that gives each request to the same handler module the
 * Function URL invokes on AWS, with the Lambda runtime's `awslambda.streamifyResponse` /
 * `awslambda.HttpResponseStream.from` contract provided as a global, and the Function URL's event
 * (payload 2.0). Whatever the handler writes goes to the client as it is written.
 *
 * Run as its own process (scripts/stack.ts starts it with the function's environment), it loads the
 * handler's TypeScript source through tsx, in one module instance shared by concurrent requests,
 * like one warm container:
 *   node --import tsx scripts/stream-server.ts <handler file> <port>
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

type StreamingHandler = (event: APIGatewayProxyEventV2, responseStream: Writable, context: Record<string, unknown>) => Promise<unknown>;

const STREAMING = Symbol.for('local.awslambda.streaming');

/** The response stream the handler gets: its bytes go to `response`; the prelude (status, headers) is sent before the first. */
class ResponseStream extends Writable {
  private headSent = false;

  constructor(private readonly response: ServerResponse) {
    super();
    response.on('close', () => {
      // the client went away: later writes are dropped, as Lambda drops them
      if (!this.writableFinished) this.destroy();
    });
  }

  sendHead(statusCode: number, headers: Record<string, string>): void {
    if (this.headSent) return;
    this.headSent = true;
    this.response.writeHead(statusCode, headers);
    // SSE needs each event on the wire now, not when a buffer fills
    this.response.flushHeaders();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.sendHead(200, { 'content-type': 'application/octet-stream' });
    this.response.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.sendHead(200, { 'content-type': 'application/octet-stream' });
    this.response.end(callback);
  }
}

/** Installs the runtime's global, as Lambda's Node.js runtime has it before a handler module loads. */
export function installAwsLambdaShim(): void {
  const shim = {
    streamifyResponse(handler: StreamingHandler) {
      return Object.assign(handler, { [STREAMING]: true });
    },
    HttpResponseStream: {
      from(responseStream: Writable, prelude: { statusCode?: number; headers?: Record<string, string> }) {
        if (!(responseStream instanceof ResponseStream)) throw new Error('HttpResponseStream.from takes the response stream the handler was given');
        responseStream.sendHead(prelude.statusCode ?? 200, prelude.headers ?? {});
        return responseStream;
      },
    },
  };
  (globalThis as Record<string, unknown>).awslambda = shim;
}

/** The Function URL's event for a request (payload 2.0: API Gateway's HTTP API format). */
function eventOf(request: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: body.toString('utf8') } : {}),
    isBase64Encoded: false,
  };
}

export interface StreamServer {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

/** Serves `handler` (a streamifyResponse handler) on `port` (0: any free one) of 127.0.0.1. */
export async function serveStreamingHandler(handler: StreamingHandler, port: number): Promise<StreamServer> {
  if (!(handler as unknown as Record<symbol, unknown>)[STREAMING]) throw new Error('the handler is not wrapped in awslambda.streamifyResponse');
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const stream = new ResponseStream(response);
      const context = { awsRequestId: randomUUID(), functionName: 'local-stream', getRemainingTimeInMillis: () => 60_000 };
      handler(eventOf(request, Buffer.concat(chunks)), stream, context).then(
        () => {
          if (!stream.writableEnded) stream.end();
        },
        (error: unknown) => {
          // Lambda ends the response of a failed invocation; the client sees what was written, then the end
          console.error(JSON.stringify({ level: 'error', msg: 'streaming handler failed', error: String((error as Error)?.stack ?? error) }));
          if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
          else if (!stream.writableEnded) stream.end();
        },
      );
    });
  });
  // an answer may stream for a while; Node's default request timeout would cut it
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function main(): Promise<void> {
  const [handlerFile, portText] = process.argv.slice(2);
  if (!handlerFile || !portText) throw new Error('usage: node --import tsx scripts/stream-server.ts <handler file> <port>');
  installAwsLambdaShim();
  // the handler module is loaded after the shim, as the runtime loads it after defining its globals
  const loaded = (await import(path.resolve(handlerFile))) as { handler?: StreamingHandler; default?: { handler?: StreamingHandler } };
  const handler = loaded.handler ?? loaded.default?.handler;
  if (!handler) throw new Error(`${handlerFile} exports no handler`);
  const served = await serveStreamingHandler(handler, Number(portText));
  console.log(`stream server listening on ${served.url}`);
  const stop = () => void served.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
