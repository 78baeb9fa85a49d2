/** The price of an assistant's answer with a Bedrock model: tokens at the hand-entered prices, and the service around them. */
import { answerCost, promptTokens } from '../../bench/answer-cost';
import prices from '../../bench/prices.json';

test('an answer costs its tokens at the model’s prices plus its frames, write and read units, invoke and run', () => {
  const aws = {
    apiGateway: { perMillionMessages: 1 },
    lambda: { perMillionRequests: 0.2, perGbSecond: { arm64: 0.0000133334 } },
    dynamodb: { perMillionWriteUnits: 0.625, perMillionReadUnits: 0.125 },
  };
  const model = { name: 'm', modelId: 'm', inputPerMillionTokens: 1, outputPerMillionTokens: 5 };
  const cost = answerCost({ framesPerAnswer: 2, writeUnits: 3, readUnits: 1.5, memoryMb: 1024, secondsPerAnswer: 2, inputTokens: 2000, outputTokens: 100 }, aws, model);
  expect(cost.modelUsd).toBeCloseTo((2000 * 1 + 100 * 5) / 1e6, 12);
  expect(cost.serviceUsd).toBeCloseTo((2 * 1 + 3 * 0.625 + 1.5 * 0.125 + 0.2) / 1e6 + 2 * 0.0000133334, 12);
  expect(cost.totalUsd).toBeCloseTo(cost.modelUsd + cost.serviceUsd, 12);
});

test('the prompt’s tokens grow with its passages, and the hand-entered prices say when they were entered', () => {
  const passage = (n: number) => ({ passageId: `d#${n}`, docId: 'd', title: 'Doc', text: 'x'.repeat(800), score: 1, matchedTerms: [] });
  expect(promptTokens([passage(1), passage(2)], 'q?') - promptTokens([passage(1)], 'q?')).toBeGreaterThanOrEqual(200);
  expect(prices.aws.bedrock.recorded).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(prices.aws.bedrock.models.length).toBeGreaterThan(0);
});
