/**
 * Runs an engine over a question and streams its text in batches, at most one `send` per
 * DELTA_EVERY_MS of writing (the page redraws per frame, and API Gateway bills per frame), then
 * flushes the rest. Shared by the visitor's answers and the seller's suggested replies; an engine's
 * error (EngineUnavailable or a bug) reaches the caller unchanged.
 */
import type { AnswerEngine, AnswerEvent, AnswerRequest, ContextMessage } from '../answering/engine';
import type { StoredMessage } from '../store/message-store';

/** Deltas are batched: the widget redraws per frame, and API Gateway bills per frame. */
export const DELTA_EVERY_MS = 100;
/** The chat's context for the engine (seed 001): the last 10 messages. */
export const CONTEXT_MESSAGES = 10;

/** A stored message as the engine's context: the visitor is the user, a seller's words stand on the assistant's side. */
export const contextOf = (message: StoredMessage): ContextMessage => ({
  role: message.senderRole === 'visitor' ? 'user' : message.senderRole === 'assistant' ? 'assistant' : 'seller',
  text: message.text,
});

/** The context of the question at `seq`: the last CONTEXT_MESSAGES messages before it, deleted ones left out. */
export const contextBefore = (recent: StoredMessage[], seq: number): ContextMessage[] =>
  recent
    .filter((message) => message.seq < seq && !message.deletedAt)
    .slice(-CONTEXT_MESSAGES)
    .map(contextOf);

export interface StreamedAnswer {
  done?: Extract<AnswerEvent, { kind: 'done' }>;
  handoff?: Extract<AnswerEvent, { kind: 'handoff' }>;
}

export async function streamAnswer(engine: AnswerEngine, request: AnswerRequest, send: (delta: string) => Promise<unknown>, now: () => number): Promise<StreamedAnswer> {
  const streamed: StreamedAnswer = {};
  let pending = '';
  let lastFlush = now();
  const flush = async () => {
    if (!pending) return;
    const delta = pending;
    pending = '';
    lastFlush = now();
    await send(delta);
  };
  for await (const event of engine.answer(request)) {
    if (event.kind === 'delta') {
      pending += event.text;
      if (now() - lastFlush >= DELTA_EVERY_MS) await flush();
    } else if (event.kind === 'handoff') streamed.handoff = event;
    else streamed.done = event;
  }
  await flush();
  return streamed;
}
