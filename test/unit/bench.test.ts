/** The pure parts of `npm run bench`: percentiles, request diffs and the offline log parser (cost: bench-cost.test.ts). */
import { sizeBudgetKb, withinBudget } from '../../bench/bundles';
import { diffCounts, emptyCount, type OpCount } from '../../bench/dynamo-counter';
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

const op = (c: Partial<OpCount>): OpCount => ({ ...emptyCount(), ...c });

describe('request counts', () => {
  test('diffCounts keeps only the operations that ran in between', () => {
    const before = { Query: op({ requests: 2, readUnits: 1 }), PutItem: op({ requests: 1, writeUnits: 1 }) };
    const after = { Query: op({ requests: 5, readUnits: 2.5 }), PutItem: op({ requests: 1, writeUnits: 1 }), GetItem: op({ requests: 1, readUnits: 1 }) };
    expect(diffCounts(before, after)).toEqual({
      Query: op({ requests: 3, readUnits: 1.5 }),
      GetItem: op({ requests: 1, readUnits: 1 }),
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

describe('bundle budget', () => {
  test('500 KB with the AWS SDK bundled, 150 KB with it external, 70 ms cold require', () => {
    expect(sizeBudgetKb({ sdkBundled: true })).toBe(500);
    expect(sizeBudgetKb({ sdkBundled: false })).toBe(150);
    expect(withinBudget({ bytes: 500 * 1024, coldImportMs: 70, sdkBundled: true })).toEqual({ size: true, coldImport: true });
    expect(withinBudget({ bytes: 500 * 1024 + 1, coldImportMs: 70.1, sdkBundled: true })).toEqual({ size: false, coldImport: false });
    expect(withinBudget({ bytes: 200 * 1024, coldImportMs: 10, sdkBundled: false }).size).toBe(false);
  });
});
