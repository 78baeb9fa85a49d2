/**
 * The Bedrock engine: one `ConverseStream` call per answer, on a client created once per container
 * elsewhere and passed in (this is the only module that imports Bedrock's SDK, so bundles that do
 * not answer with Bedrock never hold it).
 *
 * Text deltas stream out as `delta` events; the model's call of the `handoff_to_human` tool
 * becomes a `handoff` (`model`, its `reason` as the note) once the tool's input is complete; the
 * `metadata` event's usage becomes `done`'s tokens. An answer that hands off cites nothing; any
 * other cites the documents of the passages it was given, since the model was told to answer from
 * them alone.
 *
 * Whatever fails, before the stream or in it (an HTTP 429 or 5xx, a `throttlingException` or
 * `modelStreamErrorException` event mid-stream, a dropped connection, a timeout, a stream that
 * ends without its `messageStop`, which is how the SDK shows a reset stream), is thrown as
 * EngineUnavailable: the caller hands the chat to a person, and the visitor's message, already
 * stored, is not lost. The client's own retries cover a refusal before the stream starts; nothing
 * retries mid-stream, since text already streamed cannot be taken back. Only an abort by the
 * caller's own signal is rethrown as it is, since the caller asked for it.
 */
import { ConverseStreamCommand, type BedrockRuntimeClient, type ConverseStreamCommandInput, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { EngineUnavailable, type AnswerEngine, type AnswerEvent, type AnswerRequest } from './engine';
import { abortReason, deadline, nextOrAbort } from './deadline';
import { buildConversePrompt, citationsOfPassages, handoffNote, HANDOFF_TOOL_NAME } from './prompt';

export interface BedrockEngineOptions {
  client: BedrockRuntimeClient;
  modelId: string;
  /** the whole answer's deadline */
  timeoutMs?: number;
  /** the longest wait for the next event (a stalled stream) */
  idleTimeoutMs?: number;
  maxTokens?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_TOKENS = 600;

/** A tool call being streamed: its name from contentBlockStart, its JSON input in pieces. */
interface ToolCall {
  name: string;
  input: string;
}

export class BedrockEngine implements AnswerEngine {
  readonly name = 'bedrock';

  constructor(private readonly options: BedrockEngineOptions) {}

  async *answer(request: AnswerRequest): AsyncIterable<AnswerEvent> {
    const { client, modelId } = this.options;
    const input: ConverseStreamCommandInput = {
      modelId,
      ...buildConversePrompt(request),
      inferenceConfig: { maxTokens: this.options.maxTokens ?? DEFAULT_MAX_TOKENS, temperature: 0 },
    };
    const clock = deadline(request.signal, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
    let text = '';
    let handedOff = false;
    let stopped = false;
    const tokens = { input: 0, output: 0 };
    const toolCalls = new Map<number, ToolCall>();
    let stream: AsyncIterator<ConverseStreamOutput> | undefined;
    try {
      const response = await client.send(new ConverseStreamCommand(input), { abortSignal: clock.signal });
      if (!response.stream) throw new Error('ConverseStream answered without a stream');
      stream = response.stream[Symbol.asyncIterator]();
      for (let next = await nextOrAbort(stream, clock.signal); !next.done; next = await nextOrAbort(stream, clock.signal)) {
        clock.touch();
        const event = next.value;
        if (event.contentBlockStart?.start?.toolUse) {
          toolCalls.set(event.contentBlockStart.contentBlockIndex ?? 0, { name: event.contentBlockStart.start.toolUse.name ?? '', input: '' });
        } else if (event.contentBlockDelta?.delta) {
          const { delta, contentBlockIndex } = event.contentBlockDelta;
          if (delta.text) {
            text += delta.text;
            yield { kind: 'delta', text: delta.text };
          } else if (delta.toolUse) {
            const call = toolCalls.get(contentBlockIndex ?? 0);
            if (call) call.input += delta.toolUse.input ?? '';
          }
        } else if (event.contentBlockStop) {
          const call = toolCalls.get(event.contentBlockStop.contentBlockIndex ?? 0);
          if (call?.name === HANDOFF_TOOL_NAME && !handedOff) {
            handedOff = true;
            yield { kind: 'handoff', reason: 'model', note: handoffNote(call.input) };
          }
        } else if (event.messageStop) {
          stopped = true;
        } else if (event.metadata?.usage) {
          tokens.input = event.metadata.usage.inputTokens ?? 0;
          tokens.output = event.metadata.usage.outputTokens ?? 0;
        }
      }
      // the SDK ends the stream quietly when the connection is reset: a cut answer lacks its messageStop
      if (!stopped) throw new Error('the stream ended before messageStop');
    } catch (error) {
      if (clock.callerAborted) throw request.signal ? abortReason(request.signal) : error;
      throw new EngineUnavailable(this.name, error);
    } finally {
      clock.dispose();
      // an abandoned stream would keep its HTTP/2 stream open
      await stream?.return?.().catch(() => undefined);
    }
    yield { kind: 'done', text, citations: handedOff ? [] : citationsOfPassages(request.passages), tokens };
  }
}
