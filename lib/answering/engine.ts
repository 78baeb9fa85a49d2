/**
 * An answer engine: turns a visitor's question, the chat's last messages and the retrieved passages
 * into a streamed answer. Engines never decide a handoff by reading their own text: the extractive
 * engine hands off when its confidence is low, a model by calling the `handoff_to_human` tool, and
 * a failing engine by throwing EngineUnavailable (the caller then hands the chat to a person).
 */
import type { Citation, RankedPassage } from '../knowledge/passage';
import type { HandoffReason } from '../protocol/ids';

/** One message of the chat as context (seed 001 keeps the last 10). */
export interface ContextMessage {
  role: 'user' | 'assistant' | 'seller';
  text: string;
}

export interface AnswerRequest {
  question: string;
  /** the chat's last messages, oldest first, the question excluded (at most 10) */
  history: ContextMessage[];
  /** retrieved for the question, best first; only the chat's own target's */
  passages: RankedPassage[];
  queryTerms: string[];
  signal?: AbortSignal;
}

export type { HandoffReason };

export type AnswerEvent =
  | { kind: 'delta'; text: string }
  /** the engine asks for a person; `note` says why, for the seller */
  | { kind: 'handoff'; reason: Extract<HandoffReason, 'low-confidence' | 'model'>; note?: string }
  | { kind: 'done'; text: string; citations: Citation[]; tokens: { input: number; output: number } };

export interface AnswerEngine {
  readonly name: 'extractive' | 'bedrock' | 'openai-compatible';
  answer(request: AnswerRequest): AsyncIterable<AnswerEvent>;
}

/** The engine could not answer (throttled, timed out, refused, unreachable): the chat goes to a person, nothing is lost. */
export class EngineUnavailable extends Error {
  constructor(
    readonly engine: string,
    readonly cause?: unknown,
  ) {
    super(`the ${engine} engine is unavailable`);
    this.name = 'EngineUnavailable';
  }
}
