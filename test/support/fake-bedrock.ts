/**
 * A local stand-in for Bedrock Runtime's `ConverseStream`, for the real SDK client to call.
 *
 * The SDK sends ConverseStream through its NodeHttp2Handler (client-bedrock-runtime's runtime
 * config), which opens `http2.connect(endpoint)`: with an `http://` endpoint that is HTTP/2 over
 * plaintext with prior knowledge (h2c), so a plaintext `node:http2` server is enough, no TLS. The
 * answer is `application/vnd.amazon.eventstream`: binary messages (prelude, headers, JSON
 * payload, CRCs) encoded by `@smithy/eventstream-codec`, the codec the SDK decodes them with.
 * An event carries `:message-type: event` and its `:event-type` (messageStart, contentBlockDelta,
 * …); a modelled error mid-stream carries `:message-type: exception` and its `:exception-type`
 * (throttlingException, …), which the SDK throws from the stream. A refusal before the stream is
 * an HTTP status with `x-amzn-errortype`, as Bedrock sends it.
 *
 * Each request takes the next script queued by `enqueue` (a script per call), and is recorded.
 */
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';

export type BedrockEventType = 'messageStart' | 'contentBlockStart' | 'contentBlockDelta' | 'contentBlockStop' | 'messageStop' | 'metadata';
export type BedrockExceptionType = 'throttlingException' | 'internalServerException' | 'modelStreamErrorException' | 'serviceUnavailableException' | 'validationException';

export type BedrockStep =
  | { event: BedrockEventType; body: Record<string, unknown> }
  | { exception: BedrockExceptionType; message: string }
  | { delayMs: number }
  /** reset the HTTP/2 stream, as a dropped connection would */
  | { reset: true };

export interface BedrockScript {
  /** a refusal before the stream: this HTTP status with `errorType`, and no events */
  status?: number;
  errorType?: string;
  steps?: BedrockStep[];
}

export interface RecordedBedrockRequest {
  /** the session's protocol: `h2c` for HTTP/2 over plaintext */
  protocol: string | undefined;
  path: string;
  headers: http2.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);
const stringHeader = (value: string) => ({ type: 'string' as const, value });

/** One event-stream message, as Bedrock frames it. */
export function encodeBedrockStep(step: { event: BedrockEventType; body: Record<string, unknown> } | { exception: BedrockExceptionType; message: string }): Uint8Array {
  const headers: MessageHeaders =
    'event' in step
      ? { ':event-type': stringHeader(step.event), ':message-type': stringHeader('event'), ':content-type': stringHeader('application/json') }
      : { ':exception-type': stringHeader(step.exception), ':message-type': stringHeader('exception'), ':content-type': stringHeader('application/json') };
  const body = 'event' in step ? step.body : { message: step.message };
  return codec.encode({ headers, body: new Uint8Array(Buffer.from(JSON.stringify(body), 'utf8')) });
}

/** Builders for the usual events. */
export const bedrockEvents = {
  messageStart: (): BedrockStep => ({ event: 'messageStart', body: { role: 'assistant' } }),
  text: (text: string, contentBlockIndex = 0): BedrockStep => ({ event: 'contentBlockDelta', body: { contentBlockIndex, delta: { text } } }),
  toolUseStart: (name: string, contentBlockIndex = 1): BedrockStep => ({
    event: 'contentBlockStart',
    body: { contentBlockIndex, start: { toolUse: { toolUseId: `tooluse_${contentBlockIndex}`, name } } },
  }),
  toolUseInput: (input: string, contentBlockIndex = 1): BedrockStep => ({ event: 'contentBlockDelta', body: { contentBlockIndex, delta: { toolUse: { input } } } }),
  blockStop: (contentBlockIndex = 0): BedrockStep => ({ event: 'contentBlockStop', body: { contentBlockIndex } }),
  messageStop: (stopReason = 'end_turn'): BedrockStep => ({ event: 'messageStop', body: { stopReason } }),
  metadata: (inputTokens: number, outputTokens: number): BedrockStep => ({
    event: 'metadata',
    body: { usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens }, metrics: { latencyMs: 5 } },
  }),
};

/** A whole text answer: the chunks as deltas, then the stop and the usage. */
export function bedrockTextAnswer(chunks: string[], usage: { input: number; output: number }): BedrockStep[] {
  return [
    bedrockEvents.messageStart(),
    ...chunks.map((chunk) => bedrockEvents.text(chunk)),
    bedrockEvents.blockStop(0),
    bedrockEvents.messageStop(),
    bedrockEvents.metadata(usage.input, usage.output),
  ];
}

export interface FakeBedrock {
  /** the endpoint to give the client, `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedBedrockRequest[];
  enqueue(...scripts: BedrockScript[]): void;
  close(): Promise<void>;
}

// unref'd: a scripted stall must not keep the test process alive after the server closed
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export async function startFakeBedrock(): Promise<FakeBedrock> {
  const scripts: BedrockScript[] = [];
  const requests: RecordedBedrockRequest[] = [];
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createServer();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });

  const play = async (stream: http2.ServerHttp2Stream, script: BedrockScript) => {
    if (script.status !== undefined) {
      stream.respond({ ':status': script.status, 'content-type': 'application/json', 'x-amzn-errortype': script.errorType ?? 'InternalServerException' });
      stream.end(JSON.stringify({ message: `scripted ${script.errorType ?? 'error'}` }));
      return;
    }
    stream.respond({ ':status': 200, 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': `fake-${requests.length}` });
    for (const step of script.steps ?? []) {
      if (stream.destroyed) return;
      if ('delayMs' in step) await sleep(step.delayMs);
      else if ('reset' in step) return void stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      else stream.write(encodeBedrockStep(step));
    }
    if (!stream.destroyed) stream.end();
  };

  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', () => undefined);
    stream.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ protocol: stream.session?.alpnProtocol, path: String(headers[':path']), headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      const script = scripts.shift();
      if (!script) {
        stream.respond({ ':status': 500, 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServerException' });
        stream.end(JSON.stringify({ message: 'the fake has no script for this request' }));
        return;
      }
      void play(stream, script).catch(() => stream.destroy());
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...more) => void scripts.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}
