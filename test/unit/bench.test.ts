/** The pure parts of `npm run bench`: percentiles, request diffs, the offline log parser and the cost arithmetic. */
import { costPerMillion, hostedPerMillion, usagePerMessage, type PhaseUse, type Prices } from '../../bench/cost';
import { diffCounts } from '../../bench/dynamo-counter';
import { InvocationLog, diffInvocations } from '../../bench/invocations';
import { percentile, summarize } from '../../bench/stats';

describe('percentiles', () => {
  test('nearest rank over the raw samples', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
  });

  test('small and empty sample sets', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([], 50)).toBeNaN();
  });

  test('summarize sorts its input and leaves it untouched', () => {
    const samples = [30, 10, 20, 40];
    expect(summarize(samples)).toEqual({ count: 4, p50: 20, p95: 40, p99: 40, max: 40, mean: 25 });
    expect(samples).toEqual([30, 10, 20, 40]);
  });
});

describe('request counts', () => {
  test('diffCounts keeps only the operations that ran in between', () => {
    const before = { Query: { requests: 2, readUnits: 1, writeUnits: 0 }, PutItem: { requests: 1, readUnits: 0, writeUnits: 1 } };
    const after = { Query: { requests: 5, readUnits: 2.5, writeUnits: 0 }, PutItem: { requests: 1, readUnits: 0, writeUnits: 1 }, GetItem: { requests: 1, readUnits: 1, writeUnits: 0 } };
    expect(diffCounts(before, after)).toEqual({
      Query: { requests: 3, readUnits: 1.5, writeUnits: 0 },
      GetItem: { requests: 1, readUnits: 1, writeUnits: 0 },
    });
  });

  test('the offline log parser sums billed durations per function, across split chunks', () => {
    const log = new InvocationLog();
    log.push('(λ: sendMessage) RequestId: abc  Duration: 12.34 ms  Billed Duration: 13 ms\n(λ: send');
    const before = log.snapshot();
    log.push('Message) RequestId: def  Duration: 1.00 ms  Billed Duration: 2 ms\nunrelated line\n');
    log.push('(λ: connect) RequestId: x  Duration: 4.50 ms  Billed Duration: 5 ms\n');
    expect(log.snapshot()).toEqual({ sendMessage: { invocations: 2, billedMs: 15 }, connect: { invocations: 1, billedMs: 5 } });
    expect(diffInvocations(before, log.snapshot())).toEqual({
      sendMessage: { invocations: 1, billedMs: 2 },
      connect: { invocations: 1, billedMs: 5 },
    });
  });
});

describe('cost per million chat messages', () => {
  const prices: Prices = {
    recorded: '2026-01-01',
    basis: 'test',
    aws: {
      region: 'us-east-1',
      sources: [],
      apiGateway: { perMillionMessages: 1, perMillionConnectionMinutes: 0.25 },
      lambda: { perMillionRequests: 0.2, perGbSecond: { arm64: 0.0000133334 } },
      dynamodb: { perMillionWriteUnits: 0.625, perMillionReadUnits: 0.125 },
    },
    session: { messagesPerChat: 10, connectionsPerChat: 2, minutesPerConnection: 5 },
    hosted: [{ name: 'X', plan: 'p', perMillionProviderMessages: 2.5, providerMessagesPerChatMessage: 2, source: 's', note: 'n' }],
  };
  const none: PhaseUse = { units: 1, framesIn: 0, framesOut: 0, dynamo: {}, lambda: {} };

  test('one message: one frame in, one out, one 100 ms invocation at 1024 MB, one query and one put', () => {
    const message: PhaseUse = {
      units: 4,
      framesIn: 4,
      framesOut: 4,
      dynamo: { Query: { requests: 4, readUnits: 2, writeUnits: 0 }, PutItem: { requests: 4, readUnits: 0, writeUnits: 4 } },
      lambda: { sendMessage: { invocations: 4, billedMs: 400 } },
    };
    const usage = usagePerMessage({ message, initChat: none, connection: none }, prices.session, 1024);
    expect(usage.apiGatewayMessages).toBeCloseTo(2);
    expect(usage.lambdaRequests).toBeCloseTo(1);
    expect(usage.lambdaGbSeconds).toBeCloseTo(0.1);
    expect(usage.readUnits).toBeCloseTo(0.5);
    expect(usage.writeUnits).toBeCloseTo(1);
    // 2 connections x 5 minutes, spread over 10 messages
    expect(usage.connectionMinutes).toBeCloseTo(1);

    const cost = costPerMillion(usage, prices, 'arm64');
    expect(cost.apiGatewayMessages).toBeCloseTo(2);
    expect(cost.apiGatewayConnectionMinutes).toBeCloseTo(0.25);
    expect(cost.lambdaRequests).toBeCloseTo(0.2);
    expect(cost.lambdaCompute).toBeCloseTo(1.33334); // 0.1 GB-s x 1e6 x $0.0000133334
    expect(cost.dynamoReads).toBeCloseTo(0.0625);
    expect(cost.dynamoWrites).toBeCloseTo(0.625);
    expect(cost.total).toBeCloseTo(2 + 0.25 + 0.2 + 1.33334 + 0.0625 + 0.625);
  });

  test('InitChat is spread over the chat, connections over the chat times connections per chat', () => {
    const initChat: PhaseUse = { units: 1, framesIn: 1, framesOut: 1, dynamo: { PutItem: { requests: 1, readUnits: 0, writeUnits: 10 } }, lambda: {} };
    const connection: PhaseUse = { units: 1, framesIn: 0, framesOut: 1, dynamo: {}, lambda: { connect: { invocations: 1, billedMs: 0 } } };
    const usage = usagePerMessage({ message: none, initChat, connection }, prices.session, 256);
    expect(usage.writeUnits).toBeCloseTo(1); // 10 WRU / 10 messages
    expect(usage.apiGatewayMessages).toBeCloseTo(2 / 10 + (2 * 1) / 10);
    expect(usage.lambdaRequests).toBeCloseTo(2 / 10);
  });

  test('an architecture without a price is an error, and hosted prices scale by messages per chat message', () => {
    const usage = usagePerMessage({ message: none, initChat: none, connection: none }, prices.session, 256);
    expect(() => costPerMillion(usage, prices, 'x86_64')).toThrow(/x86_64/);
    expect(hostedPerMillion(prices.hosted[0]!)).toBe(5);
  });
});
