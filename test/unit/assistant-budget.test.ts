/** The assistant's limits as the answering function claims them: tokens owed ride on the next claim, and nothing owed is lost to a refusal. */
import { AnswerLimitReached, answerBudget } from '../../lib/assistant/budget';
import type { AnswerClaim, ClaimOutcome } from '../../lib/store/knowledge-store';

function recordingStore(outcomes: ClaimOutcome[]) {
  const claims: { target: string; claim: AnswerClaim }[] = [];
  return {
    claims,
    store: {
      claimAnswer: async (target: string, claim: AnswerClaim): Promise<ClaimOutcome> => {
        claims.push({ target, claim });
        return outcomes.shift() ?? { allowed: true, version: 7 };
      },
    },
  };
}

test('a claim names the minute, the UTC day and the limits of its target (its own, else `*`)', async () => {
  const { store, claims } = recordingStore([]);
  const at = Date.UTC(2026, 11, 5, 23, 59, 30);
  const budget = answerBudget(store, { answersPerMinute: { 'shop-1': 5, '*': 60 }, tokensPerDay: { '*': 1000 } }, () => at);
  expect(await budget.claim('shop-1')).toEqual({ version: 7 });
  await budget.claim('shop-2');
  expect(claims.map(({ target, claim }) => [target, claim])).toEqual([
    ['shop-1', { minute: Math.floor(at / 60_000), day: '2026-12-05', maxAnswersPerMinute: 5, maxTokensPerDay: 1000, tokensOwed: 0 }],
    ['shop-2', { minute: Math.floor(at / 60_000), day: '2026-12-05', maxAnswersPerMinute: 60, maxTokensPerDay: 1000, tokensOwed: 0 }],
  ]);
});

test("an answer's tokens are counted with the next claim of its target, once; a refused claim keeps them owed", async () => {
  const { store, claims } = recordingStore([
    { allowed: true, version: 1 },
    { allowed: false, limit: 'answers per minute' },
  ]);
  const budget = answerBudget(store, { answersPerMinute: {}, tokensPerDay: {} });
  await budget.claim('shop-1');
  budget.charge('shop-1', { input: 30, output: 12 });
  budget.charge('shop-2', { input: 5, output: 5 });
  await expect(budget.claim('shop-1')).rejects.toBeInstanceOf(AnswerLimitReached);
  await budget.claim('shop-1');
  await budget.claim('shop-1');
  await budget.claim('shop-2');
  expect(claims.map(({ target, claim }) => [target, claim.tokensOwed])).toEqual([
    ['shop-1', 0],
    ['shop-1', 42],
    ['shop-1', 42],
    ['shop-1', 0],
    ['shop-2', 10],
  ]);
});
