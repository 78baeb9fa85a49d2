/**
 * A local OpenAI-compatible server (what Ollama and vLLM expose) for the OpenAI-compatible engine:
 * `POST /chat/completions` answered as server-sent events, `data: <chunk>` lines and a blank line
 * each, ending with `data: [DONE]`, over plain `node:http`. Each request takes the next script
 * queued by `enqueue` and is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type OpenAiStep =
  /** one SSE event with this JSON as its data */
  | { chunk: Record<string, unknown> }
  /** raw bytes as they are, to split an event across writes */
  | { raw: string }
  | { delayMs: number }
  | { done: true }
  /** destroy the socket, as a dropped connection would */
  | { cut: true };

export interface OpenAiScript {
  /** a refusal before the stream: this status with a JSON error body */
  status?: number;
  steps?: OpenAiStep[];
}

export interface RecordedOpenAiRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

const MODEL = 'fake-model';
const choiceChunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
  chunk: { id: 'chatcmpl-fake', object: 'chat.completion.chunk', model: MODEL, choices: [{ index: 0, delta, finish_reason: finishReason }] },
});

/** Builders for the usual chunks. */
export const openAiChunks = {
  role: (): OpenAiStep => choiceChunk({ role: 'assistant', content: '' }),
  text: (content: string): OpenAiStep => choiceChunk({ content }),
  toolCallStart: (name: string, index = 0): OpenAiStep => choiceChunk({ tool_calls: [{ index, id: `call_${index}`, type: 'function', function: { name, arguments: '' } }] }),
  toolCallArguments: (args: string, index = 0): OpenAiStep => choiceChunk({ tool_calls: [{ index, function: { arguments: args } }] }),
  finish: (reason = 'stop'): OpenAiStep => choiceChunk({}, reason),
  usage: (promptTokens: number, completionTokens: number): OpenAiStep => ({
    chunk: { id: 'chatcmpl-fake', object: 'chat.completion.chunk', model: MODEL, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens } },
  }),
  error: (message: string, code: number | string): OpenAiStep => ({ chunk: { error: { message, type: 'rate_limit_exceeded', code } } }),
};

/** A whole text answer: the chunks as content deltas, the finish, the usage and [DONE]. */
export function openAiTextAnswer(chunks: string[], usage: { input: number; output: number }): OpenAiStep[] {
  return [openAiChunks.role(), ...chunks.map((chunk) => openAiChunks.text(chunk)), openAiChunks.finish(), openAiChunks.usage(usage.input, usage.output), { done: true }];
}

export interface FakeOpenAi {
  /** the base URL to give the engine, `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  requests: RecordedOpenAiRequest[];
  enqueue(...scripts: OpenAiScript[]): void;
  close(): Promise<void>;
}

// unref'd: a scripted stall must not keep the test process alive after the server closed
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const scripts: OpenAiScript[] = [];
  const requests: RecordedOpenAiRequest[] = [];

  const play = async (response: http.ServerResponse, script: OpenAiScript) => {
    if (script.status !== undefined) {
      response.writeHead(script.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `scripted ${script.status}`, type: 'server_error' } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    for (const step of script.steps ?? []) {
      if (response.destroyed) return;
      if ('delayMs' in step) await sleep(step.delayMs);
      else if ('cut' in step) return void response.socket?.destroy();
      else if ('raw' in step) response.write(step.raw);
      else if ('done' in step) response.write('data: [DONE]\n\n');
      else response.write(`data: ${JSON.stringify(step.chunk)}\n\n`);
    }
    if (!response.destroyed) response.end();
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ path: request.url ?? '', headers: request.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      const script = request.url?.endsWith('/chat/completions') ? scripts.shift() : { status: 404 };
      void play(response, script ?? { status: 500 }).catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...more) => void scripts.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
