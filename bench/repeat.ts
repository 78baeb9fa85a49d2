/**
 * `--repeat N`: the ratios of every run (ours / baseline), and per ratio its median and spread over the
 * runs. The spread (largest minus smallest) says how far one run's ratio can be trusted on this machine.
 */
import type { SystemResult } from './scenario';

export interface RunRatios {
  /** p50 ours / baseline, raw (local engines as they answer) */
  p50: { visitorToSeller: number | null; sellerToVisitor: number | null };
  /** p50 ours / baseline with every DynamoDB and management API request held as on AWS; null without that run */
  awsP50: { visitorToSeller: number | null; sellerToVisitor: number | null };
  /** p95 ours / baseline, raw and under the AWS model */
  p95: { visitorToSeller: number | null; sellerToVisitor: number | null };
  awsP95: { visitorToSeller: number | null; sellerToVisitor: number | null };
  /** delivered msg/s ours / baseline, by connection level */
  throughput: Record<number, number | null>;
}

export interface Spread {
  median: number | null;
  min: number | null;
  max: number | null;
  /** max - min; 0 for one run, null for none */
  spread: number | null;
  runs: number;
}

const divide = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : null);

/** The ratios of one run of both systems. */
export function ratiosOf(ours: SystemResult, baseline: SystemResult): RunRatios {
  const throughput: Record<number, number | null> = {};
  for (const t of ours.throughput) throughput[t.level] = divide(t.perSecond, baseline.throughput.find((x) => x.level === t.level)?.perSecond);
  const pick = (a: SystemResult['latency'] | undefined, b: SystemResult['latency'] | undefined, key: 'p50' | 'p95') => ({
    visitorToSeller: divide(a?.visitorToSeller[key], b?.visitorToSeller[key]),
    sellerToVisitor: divide(a?.sellerToVisitor[key], b?.sellerToVisitor[key]),
  });
  return {
    p50: pick(ours.latency, baseline.latency, 'p50'),
    p95: pick(ours.latency, baseline.latency, 'p95'),
    awsP50: pick(ours.awsLatency?.latency, baseline.awsLatency?.latency, 'p50'),
    awsP95: pick(ours.awsLatency?.latency, baseline.awsLatency?.latency, 'p95'),
    throughput,
  };
}

/** Median (the lower middle of an even count), extremes and spread of the values that were measured. */
export function spreadOf(values: readonly (number | null)[]): Spread {
  const measured = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (measured.length === 0) return { median: null, min: null, max: null, spread: null, runs: 0 };
  const min = measured[0] as number;
  const max = measured[measured.length - 1] as number;
  return { median: measured[Math.ceil(measured.length / 2) - 1] as number, min, max, spread: max - min, runs: measured.length };
}

export interface RatioSpreads {
  p50: { visitorToSeller: Spread; sellerToVisitor: Spread };
  awsP50: { visitorToSeller: Spread; sellerToVisitor: Spread };
  p95: { visitorToSeller: Spread; sellerToVisitor: Spread };
  awsP95: { visitorToSeller: Spread; sellerToVisitor: Spread };
  throughput: Record<number, Spread>;
}

/** Each ratio's spread over the runs. */
export function ratioSpreads(runs: readonly RunRatios[]): RatioSpreads {
  const both = (pick: (r: RunRatios) => RunRatios['p50']) => ({
    visitorToSeller: spreadOf(runs.map((r) => pick(r).visitorToSeller)),
    sellerToVisitor: spreadOf(runs.map((r) => pick(r).sellerToVisitor)),
  });
  const levels = [...new Set(runs.flatMap((r) => Object.keys(r.throughput).map(Number)))].sort((a, b) => a - b);
  return {
    p50: both((r) => r.p50),
    awsP50: both((r) => r.awsP50),
    p95: both((r) => r.p95),
    awsP95: both((r) => r.awsP95),
    throughput: Object.fromEntries(levels.map((level) => [level, spreadOf(runs.map((r) => r.throughput[level] ?? null))])),
  };
}
