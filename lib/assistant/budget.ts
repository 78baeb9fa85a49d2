/**
 * The assistant's limits per target: answers a minute and tokens a day (ASSISTANT_ANSWERS_PER_MINUTE,
 * ASSISTANT_TOKENS_PER_DAY). An answer claims its place before the engine runs, in the same write that
 * reads the target's knowledge version, so the limits cost no request of their own. Its tokens are
 * known only once it is written: they are added with the container's next claim for the target, so
 * the day's count lags by the answers a container wrote last (a container that stops leaves at most
 * those uncounted; the limit is a guard on cost, not an invoice).
 */
import type { ClaimOutcome, KnowledgeStore } from '../store/knowledge-store';

export interface AssistantLimits {
  /** per target (`*` for the rest) */
  answersPerMinute: Record<string, number>;
  tokensPerDay: Record<string, number>;
}

/** An answer the target's limits do not allow now. */
export class AnswerLimitReached extends Error {
  constructor(
    readonly target: string,
    readonly limit: Extract<ClaimOutcome, { allowed: false }>['limit'],
  ) {
    super(`the assistant of ${target} reached its ${limit}`);
  }
}

const limitOf = (byTarget: Record<string, number>, target: string) => byTarget[target] ?? byTarget['*'] ?? Number.MAX_SAFE_INTEGER;

export function answerBudget(store: Pick<KnowledgeStore, 'claimAnswer'>, limits: AssistantLimits, now: () => number = Date.now) {
  /** tokens this container's answers used and did not count yet, per target */
  const owed = new Map<string, number>();
  return {
    /** Claims one answer for `target`; resolves with the target's knowledge version, or throws AnswerLimitReached. */
    async claim(target: string): Promise<{ version: number }> {
      const at = now();
      const tokensOwed = owed.get(target) ?? 0;
      owed.delete(target);
      let outcome: ClaimOutcome;
      try {
        outcome = await store.claimAnswer(target, {
          minute: Math.floor(at / 60_000),
          day: new Date(at).toISOString().slice(0, 10),
          maxAnswersPerMinute: limitOf(limits.answersPerMinute, target),
          maxTokensPerDay: limitOf(limits.tokensPerDay, target),
          tokensOwed,
        });
      } catch (error) {
        owed.set(target, (owed.get(target) ?? 0) + tokensOwed);
        throw error;
      }
      if (!outcome.allowed) {
        owed.set(target, (owed.get(target) ?? 0) + tokensOwed);
        throw new AnswerLimitReached(target, outcome.limit);
      }
      return { version: outcome.version };
    },
    /** The tokens an answer took, counted with the next claim. */
    charge(target: string, tokens: { input: number; output: number }): void {
      owed.set(target, (owed.get(target) ?? 0) + tokens.input + tokens.output);
    },
  };
}

export type AnswerBudget = ReturnType<typeof answerBudget>;
