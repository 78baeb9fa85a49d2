/**
 * The OpenAI-compatible engine: streamed chat completions from a server that speaks OpenAI's API
 * (a local Ollama or vLLM), through the runtime's own `fetch`, so it adds no dependency.
 *
 * It posts `{base URL}/chat/completions` with `stream: true` and reads the server-sent events:
 * `data: <chunk>` lines until `data: [DONE]`. A chunk's `delta.content` streams out as a `delta`;
 * `delta.tool_calls` arrive in pieces by `index` (the name first, the JSON arguments in parts)
 * and a complete call of `handoff_to_human` becomes a `handoff` (`model`). `stream_options:
 * {include_usage: true}` asks for a last chunk with `usage`, which becomes `done`'s tokens; a
 * server that ignores it leaves them 0.
 *
 * HTTP 429 and 5xx, any other refusal, a `data: {"error": …}` chunk mid-stream (how OpenAI and
 * vLLM report a failure once the 200 is sent), a stream cut before `[DONE]`, and a timeout are
 * all thrown as EngineUnavailable: the caller hands off, nothing is lost.
 */
import { EngineUnavailable, type AnswerEngine, type AnswerEvent, type AnswerRequest } from './engine';
import { abortReason, deadline, nextOrAbort } from './deadline';
import { buildOpenAiMessages, citationsOfPassages, handoffNote, HANDOFF_TOOL_NAME, OPENAI_HANDOFF_TOOL } from './prompt';

export interface OpenAiCompatibleOptions {
  /** e.g. `http://127.0.0.1:11434/v1` for Ollama, `http://127.0.0.1:8000/v1` for vLLM */
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
  idleTimeoutMs?: number;
  maxTokens?: number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_TOKENS = 600;

/** The parts of a streamed chunk we read. */
interface CompletionChunk {
  choices?: {
    delta?: { content?: string | null; tool_calls?: { index?: number; function?: { name?: string; arguments?: string } }[] };
    finish_reason?: string | null;
  }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string; type?: string; code?: string | number };
}

/** The refusal of a server, with its status, as the EngineUnavailable's cause. */
export class OpenAiServerError extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'OpenAiServerError';
  }
}

/** The `data:` payloads of a server-sent event stream, one per event, comments and other fields skipped. */
export async function* serverSentData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  let data: string[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffered += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = buffered.split(/\r\n|\r|\n/);
      // the last piece may be half a line, unless the stream is over
      buffered = done ? '' : (lines.pop() ?? '');
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
      if (done) {
        if (data.length > 0) yield data.join('\n');
        return;
      }
    }
  } finally {
    // an answer left early must not hold the connection with its body unread
    await reader.cancel().catch(() => undefined);
  }
}

export class OpenAiCompatibleEngine implements AnswerEngine {
  readonly name = 'openai-compatible';

  constructor(private readonly options: OpenAiCompatibleOptions) {}

  async *answer(request: AnswerRequest): AsyncIterable<AnswerEvent> {
    const { baseUrl, model, apiKey } = this.options;
    const doFetch = this.options.fetch ?? fetch;
    const clock = deadline(request.signal, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
    let text = '';
    let handedOff = false;
    const tokens = { input: 0, output: 0 };
    const toolCalls = new Map<number, { name: string; arguments: string }>();
    const handoffCall = () => [...toolCalls.values()].find((call) => call.name === HANDOFF_TOOL_NAME);
    let events: AsyncGenerator<string> | undefined;
    try {
      const response = await doFetch(`${baseUrl.replace(/\/+$/, '')}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: JSON.stringify({
          model,
          messages: buildOpenAiMessages(request),
          tools: [OPENAI_HANDOFF_TOOL],
          stream: true,
          stream_options: { include_usage: true },
          temperature: 0,
          max_tokens: this.options.maxTokens ?? DEFAULT_MAX_TOKENS,
        }),
        signal: clock.signal,
      });
      if (!response.ok || !response.body) {
        const detail = await response.text().catch(() => '');
        throw new OpenAiServerError(response.status, `HTTP ${response.status}: ${detail.slice(0, 200)}`);
      }
      events = serverSentData(response.body);
      let finished = false;
      for (let next = await nextOrAbort(events, clock.signal); !next.done; next = await nextOrAbort(events, clock.signal)) {
        clock.touch();
        if (next.value === '[DONE]') {
          finished = true;
          break;
        }
        const chunk = JSON.parse(next.value) as CompletionChunk;
        if (chunk.error) throw new OpenAiServerError(Number(chunk.error.code) || undefined, chunk.error.message ?? chunk.error.type ?? 'error event');
        if (chunk.usage) tokens.input = chunk.usage.prompt_tokens ?? 0;
        if (chunk.usage) tokens.output = chunk.usage.completion_tokens ?? 0;
        for (const choice of chunk.choices ?? []) {
          if (choice.delta?.content) {
            text += choice.delta.content;
            yield { kind: 'delta', text: choice.delta.content };
          }
          for (const piece of choice.delta?.tool_calls ?? []) {
            const call = toolCalls.get(piece.index ?? 0) ?? { name: '', arguments: '' };
            call.name += piece.function?.name ?? '';
            call.arguments += piece.function?.arguments ?? '';
            toolCalls.set(piece.index ?? 0, call);
          }
          // a call is complete once its choice finishes; the usage chunk may still follow
          const call = choice.finish_reason ? handoffCall() : undefined;
          if (call && !handedOff) {
            handedOff = true;
            yield { kind: 'handoff', reason: 'model', note: handoffNote(call.arguments) };
          }
        }
      }
      if (!finished) throw new OpenAiServerError(undefined, 'the stream ended before [DONE]');
      // some servers send a tool call without a finish_reason
      const call = handoffCall();
      if (call && !handedOff) {
        handedOff = true;
        yield { kind: 'handoff', reason: 'model', note: handoffNote(call.arguments) };
      }
    } catch (error) {
      if (clock.callerAborted) throw request.signal ? abortReason(request.signal) : error;
      throw new EngineUnavailable(this.name, error);
    } finally {
      clock.dispose();
      await events?.return(undefined).catch(() => undefined);
    }
    yield { kind: 'done', text, citations: handedOff ? [] : citationsOfPassages(request.passages), tokens };
  }
}
