/**
 * One verdict per target of issue 10: the figure the run measured, the target, and met / not met
 * (or not measured, when the run left that figure out). Pure: run.ts gathers the figures.
 */

export interface Figures {
  /** ours: DynamoDB requests per delivered message, both directions, per frame style */
  requestsPerMessage: { toOnly: number | null; contactId: number | null };
  /** ours: sendMessage's sequential DynamoDB round trips before its first push, over every traced invocation */
  roundTripsBeforePush: { max: number | null; median: number | null; invocations: number };
  /** ours: write units per delivered message on DynamoDB Local (the largest over the frame styles); null when not run */
  writeUnitsPerMessageDynamoDbLocal: number | null;
  requestsPerInitChat: number | null;
  /**
   * ours, per connection of each role: $connect + $disconnect (the issue's definition, from the
   * handlers' traces), and the same with the afterConnect invocation added (from the proxy's counts)
   */
  requestsPerConnection: { visitor: number | null; seller: number | null; visitorWithAfterConnect: number | null; sellerWithAfterConnect: number | null };
  /** ours / baseline p50, same run (the median over the runs with --repeat): local engines as they answer */
  p50Ratio: { visitorToSeller: number | null; sellerToVisitor: number | null };
  /** the same under the AWS latency model (bench/aws-latency.ts); null when that run was off */
  awsP50Ratio: { visitorToSeller: number | null; sellerToVisitor: number | null };
  /** ours / baseline delivered msg/s, by connection level (the median over the runs with --repeat) */
  throughputRatio: Record<number, number | null>;
  /** by connection level: the ratio's spread (max - min) over the runs, and how many runs */
  throughputSpread: Record<number, { spread: number | null; runs: number }>;
  /** ours: the largest bundle and the slowest median cold require, with the bundles over budget */
  bundles: {
    /** the bundle furthest over its size budget (or closest to it) */
    maxKb: number | null;
    /** its budget: 500 KB with the AWS SDK bundled, 150 KB with `@aws-sdk/*` external */
    budgetKb: number;
    sdkBundled: boolean;
    largest: string;
    maxColdImportMs: number | null;
    slowest: string;
    overSize: string[];
    overColdImport: string[];
  };
  /**
   * ours: $ per million chat messages, with a messageAck per message and with the seed widget's frames; with
   * --repeat, the median over the runs (each run's measured frames, invocations and durations, the one units run)
   */
  cost: { withAck: number | null; seedFrames: number | null; unitsEngine: string; runs?: number };
  /** ours: over every exchange of the run */
  faults: { lost: number; duplicates: number; outOfOrder: number };
}

export interface Verdict {
  target: string;
  figure: string;
  /** null: not measured in this run */
  met: boolean | null;
}

const fmt = (value: number | null, digits: number) => (value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits));

function atMost(target: string, value: number | null, limit: number, digits: number, suffix = ''): Verdict {
  if (value === null || !Number.isFinite(value)) return { target, figure: 'not measured', met: null };
  return { target, figure: `${fmt(value, digits)}${suffix}`, met: value <= limit };
}

function atLeast(target: string, value: number | null, limit: number, digits: number, suffix = ''): Verdict {
  if (value === null || !Number.isFinite(value)) return { target, figure: 'not measured', met: null };
  return { target, figure: `${fmt(value, digits)}${suffix}`, met: value >= limit };
}

export function verdicts(f: Figures): Verdict[] {
  const out: Verdict[] = [
    atMost('DynamoDB requests per delivered message, `to` only (seed frame), each direction ≤ 3', f.requestsPerMessage.toOnly, 3, 2),
    atMost('DynamoDB requests per delivered message, `contact_id`, each direction ≤ 3', f.requestsPerMessage.contactId, 3, 2),
  ];
  const trips = atMost('sequential DynamoDB round trips before the first push ≤ 2 (max over sendMessage invocations)', f.roundTripsBeforePush.max, 2, 0);
  if (trips.met !== null)
    trips.figure = `max ${fmt(f.roundTripsBeforePush.max, 0)}, median ${fmt(f.roundTripsBeforePush.median, 0)} over ${f.roundTripsBeforePush.invocations} invocations`;
  out.push(trips);
  const units = atMost('write units per message on DynamoDB Local (each style and direction) ≤ 2.0', f.writeUnitsPerMessageDynamoDbLocal, 2, 2);
  if (units.met === null) units.figure = 'not measured (run with --units-engine dynamodb-local)';
  out.push(units);
  out.push(atMost('DynamoDB requests per InitChat ≤ 7.00 (the larger of the timing engine and DynamoDB Local)', f.requestsPerInitChat, 7, 2));
  for (const role of ['visitor', 'seller'] as const) {
    const verdict = atMost(`DynamoDB requests per ${role} connection ($connect + $disconnect) ≤ 3`, f.requestsPerConnection[role], 3, 2);
    const withAfterConnect = f.requestsPerConnection[`${role}WithAfterConnect`];
    if (verdict.met !== null && withAfterConnect !== null) verdict.figure += ` (${fmt(withAfterConnect, 2)} with afterConnect's)`;
    out.push(verdict);
  }
  for (const [key, label] of [
    ['visitorToSeller', 'visitor → seller'],
    ['sellerToVisitor', 'seller → visitor'],
  ] as const) {
    const verdict = atMost(`p50 ${label} under the AWS latency model, ours / baseline ≤ 1.3×`, f.awsP50Ratio[key], 1.3, 2, '×');
    if (verdict.met === null) verdict.figure = 'not measured (--aws-latency off)';
    verdict.figure += ` (raw, local engines: ${fmt(f.p50Ratio[key], 2)}×)`;
    out.push(verdict);
  }
  for (const level of [100, 1000]) {
    const ratio = f.throughputRatio[level] ?? null;
    const spread = f.throughputSpread[level];
    const verdict = atLeast(`delivered msg/s at ${level} connections, ours / baseline ≥ 0.8×, spread over 3 runs ≤ 0.1`, ratio, 0.8, 2, '×');
    if (verdict.met === null) verdict.figure = `not measured (level ${level} not in --levels)`;
    else if (!spread || spread.runs < 3 || spread.spread === null) {
      verdict.figure += ` (${spread?.runs ?? 1} run${(spread?.runs ?? 1) === 1 ? '' : 's'}: spread needs --repeat 3)`;
      verdict.met = null;
    } else {
      verdict.figure += ` median of ${spread.runs}, spread ${fmt(spread.spread, 2)}`;
      verdict.met = verdict.met && spread.spread <= 0.1;
    }
    out.push(verdict);
  }
  const size = atMost('every handler bundle ≤ 500 KB with the AWS SDK bundled (≤ 150 KB with it external)', f.bundles.maxKb, f.bundles.budgetKb, 0, ' KB');
  if (size.met !== null)
    size.figure = `largest against its budget: ${f.bundles.largest} ${fmt(f.bundles.maxKb, 0)} KB (SDK ${f.bundles.sdkBundled ? 'bundled' : 'external'})${f.bundles.overSize.length ? `; over: ${f.bundles.overSize.join(', ')}` : ''}`;
  out.push(size);
  const cold = atMost('every handler’s median cold require ≤ 70 ms', f.bundles.maxColdImportMs, 70, 0, ' ms');
  if (cold.met !== null)
    cold.figure = `slowest ${f.bundles.slowest} ${fmt(f.bundles.maxColdImportMs, 0)} ms${f.bundles.overColdImport.length ? `; over: ${f.bundles.overColdImport.join(', ')}` : ''}`;
  out.push(cold);
  const costRuns = (f.cost.runs ?? 1) > 1 ? `median of ${f.cost.runs} runs, ` : '';
  const costNote = f.cost.unitsEngine === 'dynamodb-local' ? ` (${costRuns}DynamoDB Local units)` : ` (${costRuns}${f.cost.unitsEngine} units: index writes missing)`;
  const withAck = atMost('cost per 1 M chat messages with a messageAck per message ≤ $5.50', f.cost.withAck, 5.5, 2);
  const seed = atMost('cost per 1 M chat messages, seed widget frames ≤ $4.50', f.cost.seedFrames, 4.5, 2);
  for (const v of [withAck, seed]) if (v.met !== null) v.figure = `$${v.figure}${costNote}`;
  out.push(withAck, seed);
  const faults = f.faults.lost + f.faults.duplicates + f.faults.outOfOrder;
  out.push({ target: 'lost / duplicated / out-of-order messages = 0', figure: `${f.faults.lost} / ${f.faults.duplicates} / ${f.faults.outOfOrder}`, met: faults === 0 });
  return out;
}

export function verdictMark(met: boolean | null): string {
  return met === null ? 'not measured' : met ? 'met' : 'NOT MET';
}

export function verdictLines(list: Verdict[]): string[] {
  return list.map((v) => `- **${verdictMark(v.met)}** — ${v.target}: ${v.figure}`);
}
