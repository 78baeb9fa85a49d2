/** `--repeat N` and Lambda memory sizing: each ratio's median and spread over the runs; a function's size from its measured peak. */
import type { Bundle } from '../../bench/bundles';
import { memoryTable, sizedMemoryMb } from '../../bench/memory-sizing';
import { ratiosOf, ratioSpreads, spreadOf } from '../../bench/repeat';
import type { SystemResult } from '../../bench/scenario';
import { summarize } from '../../bench/stats';

const system = (p50: number, throughput: Record<number, number>, awsP50?: number) =>
  ({
    latency: { visitorToSeller: summarize([p50]), sellerToVisitor: summarize([p50 * 2]), initChat: summarize([1]), connect: summarize([1]) },
    ...(awsP50 === undefined
      ? {}
      : { awsLatency: { latency: { visitorToSeller: summarize([awsP50]), sellerToVisitor: summarize([awsP50]), initChat: summarize([1]), connect: summarize([1]) } } }),
    throughput: Object.entries(throughput).map(([level, perSecond]) => ({ level: Number(level), perSecond })),
  }) as unknown as SystemResult;

describe('repeat spreads', () => {
  test('spread is max - min of the measured values; median is the lower middle; none measured gives nulls', () => {
    expect(spreadOf([0.9, 0.85, 0.95])).toEqual({ median: 0.9, min: 0.85, max: 0.95, spread: expect.closeTo(0.1, 10), runs: 3 });
    expect(spreadOf([1, null, 3, 2])).toMatchObject({ median: 2, spread: 2, runs: 3 });
    expect(spreadOf([0.8, 0.9])).toMatchObject({ median: 0.8, runs: 2 });
    expect(spreadOf([null])).toEqual({ median: null, min: null, max: null, spread: null, runs: 0 });
  });

  test('one run: raw and AWS-model p50 ratios, throughput per level; a level the baseline lacks is null', () => {
    const r = ratiosOf(system(15, { 100: 90, 1000: 80 }, 30), system(10, { 100: 100 }, 25));
    expect(r.p50).toEqual({ visitorToSeller: 1.5, sellerToVisitor: 1.5 });
    expect(r.awsP50.visitorToSeller).toBeCloseTo(1.2);
    expect(r.throughput).toEqual({ 100: 0.9, 1000: null });
    expect(ratiosOf(system(15, {}), system(10, {})).awsP50).toEqual({ visitorToSeller: null, sellerToVisitor: null });
  });

  test('spreads over three runs, per ratio and level', () => {
    const runs = [0.82, 0.9, 0.86].map((t) => ratiosOf(system(12, { 100: t * 100 }), system(10, { 100: 100 })));
    const spreads = ratioSpreads(runs);
    expect(spreads.throughput[100]).toMatchObject({ median: 0.86, runs: 3 });
    expect(spreads.throughput[100]?.spread).toBeCloseTo(0.08);
    expect(spreads.p50.visitorToSeller).toMatchObject({ median: 1.2, spread: 0, runs: 3 });
  });
});

describe('Lambda memory from the measured peak', () => {
  test('peak × 1.5 rounded up to 64 MB, never under 128 MB', () => {
    expect(sizedMemoryMb(40)).toBe(128);
    expect(sizedMemoryMb(86)).toBe(192);
    expect(sizedMemoryMb(170)).toBe(256);
  });

  test('one row per function: the larger RSS after require of both node binaries, plus the largest heap growth', () => {
    const bundle = (handler: string, functions: string[], rss: number, rss22?: number): Bundle => ({
      handler,
      bytes: 1,
      coldImportMs: 1,
      coldImportSamples: [1],
      functions,
      sdkBundled: true,
      rssAfterRequireMb: rss,
      ...(rss22 === undefined ? {} : { node22: { version: 'v22', coldImportMs: 1, coldImportSamples: [1], rssAfterRequireMb: rss22 } }),
    });
    const bundles = [bundle('send-message', ['sendMessage'], 60, 70), bundle('connect', ['connect'], 120), bundle('sweep', ['sweep'], 50)];
    const rows = memoryTable(bundles, 5, { memoryMb: 256, architecture: 'arm64', memoryByFunction: { connect: 192 } }, new Set(['connect', 'sendMessage']));
    expect(rows).toEqual([
      { functionName: 'connect', bundle: 'connect', rssAfterRequireMb: 120, heapGrowthMb: 5, peakMb: 125, sizedMb: 192, configuredMb: 192 },
      { functionName: 'sendMessage', bundle: 'send-message', rssAfterRequireMb: 70, heapGrowthMb: 5, peakMb: 75, sizedMb: 128, configuredMb: 256 },
      // not invoked by the bench: no size from it
      { functionName: 'sweep', bundle: 'sweep', rssAfterRequireMb: 50, heapGrowthMb: 5, peakMb: 55, sizedMb: null, configuredMb: 256 },
    ]);
  });
});
