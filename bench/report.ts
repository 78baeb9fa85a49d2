/** The results as markdown: every figure as ours / baseline, then the verdicts on issue 10's targets. */
import { BUNDLE_BUDGET, sizeBudgetKb, withinBudget, type Bundle } from './bundles';
import type { FrameStyle } from './clients';
import { costPerMillion, hostedPerMillion, sessionShares, usagePerMessage, type Cost, type PhaseUse, type Phases, type Prices, type Usage } from './cost';
import type { OpCount } from './dynamo-counter';
import type { LatencyRun, MeasuredPhase, MessageVariant, SystemResult } from './scenario';
import { memoryTable, type MemoryRow } from './memory-sizing';
import { spreadOf, type RatioSpreads, type RunRatios, type Spread } from './repeat';
import type { Summary } from './stats';
import { verdictLines, verdicts, type Figures, type Verdict } from './verdicts';

export interface RunInfo {
  date: string;
  machine: string;
  engine: string;
  /** where the cost table's DynamoDB units come from */
  unitsEngine: string;
  options: Record<string, unknown>;
  seconds: number;
  /** os.loadavg() (1, 5, 15 min) when the run started and when it ended */
  loadAverage: { start: number[]; end: number[] };
}

export interface UnitsRun {
  engine: string;
  seconds: number;
  ours?: LatencyRun;
  baseline?: LatencyRun;
  /** why it did not complete (time limit, no Java…); the cost table then uses the timing run's units */
  error?: string;
}

export interface Results {
  run: RunInfo;
  ours: SystemResult & { bundles: Bundle[] };
  baseline: SystemResult & { bundles: Bundle[] };
  units?: UnitsRun;
  /** every run's ratios (--repeat N; one entry for a single run) and each ratio's spread over them */
  repeats?: RunRatios[];
  spreads?: RatioSpreads;
  /** ours' cost per million chat messages in every run of --repeat (ourCostsPerRun); the verdicts use the median */
  costRuns?: { withAck: number; seedFrames: number }[];
}

export interface CostVariant {
  /** the frame style whose measured message phase is used */
  style: FrameStyle;
  unitsEngine: string;
  usage: Usage;
  cost: Cost;
}

export interface SystemCosts {
  /** our widget's frames (contact_id + clientMessageId): the server acks each message */
  withAck: CostVariant;
  /** the seed widget's frames (`to` only, no clientMessageId): no ack needed */
  seedFrames: CostVariant;
}

const num = (value: number | null | undefined, digits = 1) => (value !== null && value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '–');
const pair = (a: string, b: string) => `${a} / ${b}`;
const money = (value: number) => (value >= 0.1 ? `$${value.toFixed(2)}` : `$${value.toFixed(4)}`);

function variantOf(run: LatencyRun, style: FrameStyle): MessageVariant | undefined {
  return run.variants.find((v) => v.style === style);
}

/** The run's phases with the message phase of `style` (the latency run's own when the system lacks that style). */
function phasesWith(run: LatencyRun, style: FrameStyle): Phases {
  return { ...run.phases, message: variantOf(run, style)?.phase ?? run.phases.message };
}

function costVariant(system: SystemResult, units: LatencyRun | undefined, unitsEngine: string, style: FrameStyle, prices: Prices): CostVariant {
  const usage = usagePerMessage(phasesWith(system, style), prices, system.lambda, units ? phasesWith(units, style) : undefined, {
    pingsByApiGateway: system.lambda.pingsByApiGateway === true,
  });
  return {
    style,
    unitsEngine: units ? unitsEngine : unitsEngine === 'none' ? 'timing engine' : unitsEngine,
    usage,
    cost: costPerMillion(usage, prices, system.lambda.architecture),
  };
}

/** Both cost variants of a system; DynamoDB units from the units run when it completed. */
export function systemCosts(results: Results, name: 'ours' | 'baseline', prices: Prices): SystemCosts {
  const system = results[name];
  const units = results.units?.error ? undefined : results.units?.[name];
  const engine = units ? (results.units?.engine ?? 'dynamodb-local') : results.run.engine;
  return {
    withAck: costVariant(system, units, engine, 'contact_id+clientMessageId', prices),
    seedFrames: costVariant(system, units, engine, 'to', prices),
  };
}

/**
 * Ours' cost in each run of --repeat: each run's own frames, invocations and billed durations (the line that moves
 * between runs), with the one units run's request units, as the cost table computes the first run's.
 */
export function ourCostsPerRun(results: Results, runs: readonly SystemResult[], prices: Prices): { withAck: number; seedFrames: number }[] {
  return runs.map((run) => {
    const costs = systemCosts({ ...results, ours: { ...results.ours, ...run } }, 'ours', prices);
    return { withAck: costs.withAck.cost.total, seedFrames: costs.seedFrames.cost.total };
  });
}

const perUnitOf = (phase: PhaseUse, pick: (c: OpCount) => number) => Object.values(phase.dynamo).reduce((sum, c) => sum + pick(c), 0) / Math.max(1, phase.units);
/** Requests per unit of a phase, without those of the scheduled sweep if it fell in the phase anyway. */
const requestsPer = (phase: MeasuredPhase | undefined) =>
  phase && phase.units > 0 ? (Object.values(phase.dynamo).reduce((sum, c) => sum + c.requests, 0) - (phase.scheduled?.dynamoRequests ?? 0)) / phase.units : null;

/** A connection's own routes, as issue 10 counts a connection's requests (afterConnect is shown apart). */
const CONNECTION_ROUTES = ['connect', 'disconnect'] as const;

/** Requests per unit of a phase that the handlers of `routes` traced; null without their traces. */
const tracedRequestsPer = (phase: MeasuredPhase | undefined, routes: readonly string[]) => {
  if (!phase || phase.units === 0 || routes.some((route) => !phase.traced[route])) return null;
  return routes.reduce((sum, route) => sum + (phase.traced[route]?.invocations ?? 0) * (phase.traced[route]?.meanDynamoRequests ?? 0), 0) / phase.units;
};

/** The figures issue 10's targets are judged on. */
export function figuresOf(results: Results, prices: Prices): Figures {
  const { ours, baseline } = results;
  const costs = systemCosts(results, 'ours', prices);
  const costRuns = results.costRuns ?? [];
  const traced = ours.variants.map((v) => v.roundTrips);
  const trips = traced.flatMap((t) => Object.entries(t.histogram).flatMap(([n, count]) => Array<number>(count).fill(Number(n)))).sort((a, b) => a - b);
  const unitsRun = results.units?.error ? undefined : results.units?.ours;
  const writeUnits = unitsRun
    ? Math.max(
        ...unitsRun.variants.flatMap((v) =>
          [v.byDirection.visitorToSeller, v.byDirection.sellerToVisitor].filter((p) => p.units > 0).map((p) => perUnitOf(p, (c) => c.writeUnits)),
        ),
      )
    : null;
  const throughputRatio: Record<number, number | null> = {};
  for (const t of ours.throughput) {
    const b = baseline.throughput.find((x) => x.level === t.level);
    throughputRatio[t.level] = b && b.perSecond > 0 ? t.perSecond / b.perSecond : null;
  }
  // the bundle furthest over (or closest to) its own size budget
  const largest = [...ours.bundles].sort((a, b) => b.bytes / 1024 / sizeBudgetKb(b) - a.bytes / 1024 / sizeBudgetKb(a))[0];
  const slowest = [...ours.bundles].sort((a, b) => b.coldImportMs - a.coldImportMs)[0];
  const ratio = (a: Summary, b: Summary) => (b.p50 > 0 ? a.p50 / b.p50 : null);
  // with --repeat, each ratio is the median over the runs (and its spread is judged too)
  const spreads = results.spreads;
  const medianOr = (spread: Spread | undefined, single: number | null) => (spread && spread.runs > 0 ? spread.median : single);
  const awsRatio = (key: 'visitorToSeller' | 'sellerToVisitor') => {
    const a = ours.awsLatency?.latency[key];
    const b = baseline.awsLatency?.latency[key];
    return medianOr(spreads?.awsP50[key], a && b ? ratio(a, b) : null);
  };
  const allThroughputFaults = ours.throughput.reduce(
    (sum, t) => ({ lost: sum.lost + t.lost, duplicates: sum.duplicates + t.duplicates, outOfOrder: sum.outOfOrder + t.outOfOrder }),
    {
      lost: 0,
      duplicates: 0,
      outOfOrder: 0,
    },
  );
  const unitsFaults = unitsRun?.failures ?? { messagesLost: 0, duplicates: 0, outOfOrder: 0 };
  // request counts: the larger of the timing run and the units run (contention can add retries on either engine)
  const worst = (pick: (run: LatencyRun) => MeasuredPhase | undefined) => {
    const values = [ours, unitsRun]
      .filter((r): r is LatencyRun => r !== undefined)
      .map((r) => requestsPer(pick(r)))
      .filter((v): v is number => v !== null);
    return values.length ? Math.max(...values) : null;
  };
  // the same from the handlers' own traces, for the routes named only
  const worstTraced = (pick: (run: LatencyRun) => MeasuredPhase | undefined, routes: readonly string[]) => {
    const values = [ours, unitsRun]
      .filter((r): r is LatencyRun => r !== undefined)
      .map((r) => tracedRequestsPer(pick(r), routes))
      .filter((v): v is number => v !== null);
    return values.length ? Math.max(...values) : null;
  };
  // per message: the larger of the two directions, each measured in a phase of its own
  const worstDirection = (style: FrameStyle) => {
    const values = (['visitorToSeller', 'sellerToVisitor'] as const).map((d) => worst((r) => variantOf(r, style)?.byDirection[d])).filter((v): v is number => v !== null);
    return values.length ? Math.max(...values) : null;
  };
  return {
    requestsPerMessage: { toOnly: worstDirection('to'), contactId: worstDirection('contact_id+clientMessageId') },
    roundTripsBeforePush: {
      max: trips.length ? (trips[trips.length - 1] as number) : null,
      median: trips.length ? (trips[Math.ceil(trips.length / 2) - 1] as number) : null,
      invocations: trips.length,
    },
    writeUnitsPerMessageDynamoDbLocal: results.units?.engine === 'dynamodb-local' ? writeUnits : null,
    requestsPerInitChat: worst((r) => r.phases.initChat),
    requestsPerConnection: {
      visitor: worstTraced((r) => r.phases.visitorConnection, CONNECTION_ROUTES),
      seller: worstTraced((r) => r.phases.sellerConnection, CONNECTION_ROUTES),
      visitorWithAfterConnect: worst((r) => r.phases.visitorConnection),
      sellerWithAfterConnect: worst((r) => r.phases.sellerConnection),
    },
    p50Ratio: {
      visitorToSeller: medianOr(spreads?.p50.visitorToSeller, ratio(ours.latency.visitorToSeller, baseline.latency.visitorToSeller)),
      sellerToVisitor: medianOr(spreads?.p50.sellerToVisitor, ratio(ours.latency.sellerToVisitor, baseline.latency.sellerToVisitor)),
    },
    awsP50Ratio: { visitorToSeller: awsRatio('visitorToSeller'), sellerToVisitor: awsRatio('sellerToVisitor') },
    throughputRatio: Object.fromEntries(Object.entries(throughputRatio).map(([level, value]) => [level, medianOr(spreads?.throughput[Number(level)], value)])),
    throughputSpread: Object.fromEntries(Object.entries(spreads?.throughput ?? {}).map(([level, s]) => [level, { spread: s.spread, runs: s.runs }])),
    bundles: {
      maxKb: largest ? largest.bytes / 1024 : null,
      budgetKb: largest ? sizeBudgetKb(largest) : BUNDLE_BUDGET.maxKb,
      sdkBundled: largest?.sdkBundled ?? true,
      largest: largest?.handler ?? '–',
      maxColdImportMs: slowest?.coldImportMs ?? null,
      slowest: slowest?.handler ?? '–',
      overSize: ours.bundles.filter((b) => !withinBudget(b).size).map((b) => b.handler),
      overColdImport: ours.bundles.filter((b) => !withinBudget(b).coldImport).map((b) => b.handler),
    },
    cost: {
      withAck: costRuns.length > 1 ? spreadOf(costRuns.map((c) => c.withAck)).median : costs.withAck.cost.total,
      seedFrames: costRuns.length > 1 ? spreadOf(costRuns.map((c) => c.seedFrames)).median : costs.seedFrames.cost.total,
      unitsEngine: costs.withAck.unitsEngine,
      runs: Math.max(1, costRuns.length),
    },
    faults: {
      lost: ours.failures.messagesLost + allThroughputFaults.lost + unitsFaults.messagesLost,
      duplicates: ours.failures.duplicates + allThroughputFaults.duplicates + unitsFaults.duplicates,
      outOfOrder: ours.failures.outOfOrder + allThroughputFaults.outOfOrder + unitsFaults.outOfOrder,
    },
  };
}

/** The latency ratios of the repeat table, in its order: which figure, named how, each in both directions. */
const RATIO_SERIES = [
  ['p50', 'p50', 'raw'],
  ['awsP50', 'p50', 'AWS model'],
  ['awsP95', 'p95', 'AWS model'],
] as const;
const DIRECTIONS = [
  ['visitorToSeller', 'visitor → seller'],
  ['sellerToVisitor', 'seller → visitor'],
] as const;

export function targetsOf(results: Results, prices: Prices): { figures: Figures; verdicts: Verdict[] } {
  const figures = figuresOf(results, prices);
  return { figures, verdicts: verdicts(figures) };
}

function latencyRow(label: string, a: Summary, b: Summary): string {
  const cell = (key: keyof Summary) => pair(num(a[key]), num(b[key]));
  return `| ${label} | ${cell('p50')} | ${cell('p95')} | ${cell('p99')} | ${cell('max')} | ${pair(String(a.count), String(b.count))} |`;
}

/** Per unit of each phase: requests by operation, billed units and their corrections. `b` may be missing (the baseline lacks the phase). */
function dynamoTable(title: string, a: MeasuredPhase | undefined, b: MeasuredPhase | undefined): string[] {
  const none = (p: MeasuredPhase | undefined) => !p || p.units === 0;
  const cell = (p: MeasuredPhase | undefined, pick: (c: OpCount) => number, digits = 2) => (none(p) ? '—' : num(perUnitOf(p as MeasuredPhase, pick), digits));
  const ops = [...new Set([...Object.keys(a?.dynamo ?? {}), ...Object.keys(b?.dynamo ?? {})])].sort();
  return [
    `| ${title} | ours / baseline |`,
    '|---|---|',
    ...ops.map(
      (op) =>
        `| ${op} | ${pair(
          cell(a, (c) => (c === (a?.dynamo[op] as OpCount | undefined) ? c.requests : 0)),
          cell(b, (c) => (c === (b?.dynamo[op] as OpCount | undefined) ? c.requests : 0)),
        )} |`,
    ),
    `| **all requests** | ${pair(
      cell(a, (c) => c.requests),
      cell(b, (c) => c.requests),
    )} |`,
    `| read units billed (engine-reported) | ${pair(
      cell(a, (c) => c.readUnits),
      cell(b, (c) => c.readUnits),
    )} (${pair(
      cell(a, (c) => c.engineReadUnits),
      cell(b, (c) => c.engineReadUnits),
    )}) |`,
    `| write units billed (engine-reported) | ${pair(
      cell(a, (c) => c.writeUnits),
      cell(b, (c) => c.writeUnits),
    )} (${pair(
      cell(a, (c) => c.engineWriteUnits),
      cell(b, (c) => c.engineWriteUnits),
    )}) |`,
    `| refused conditional writes (their write units) | ${pair(
      cell(a, (c) => c.conditionalFailures),
      cell(b, (c) => c.conditionalFailures),
    )} (${pair(
      cell(a, (c) => c.failedWriteUnits),
      cell(b, (c) => c.failedWriteUnits),
    )}) |`,
    `| read units added for reads that found nothing | ${pair(
      cell(a, (c) => c.minimumReadUnitsAdded),
      cell(b, (c) => c.minimumReadUnitsAdded),
    )} |`,
    ...(a?.scheduled?.invocations || b?.scheduled?.invocations
      ? [
          `| of all requests: the scheduled sweep's, which fell in the phase (left out of the verdicts) | ${pair(String(a?.scheduled?.dynamoRequests ?? 0), String(b?.scheduled?.dynamoRequests ?? 0))} in ${pair(String(a?.scheduled?.invocations ?? 0), String(b?.scheduled?.invocations ?? 0))} invocations |`,
        ]
      : []),
    ...(Object.keys(a?.conflictsByKind ?? {}).length || Object.keys(b?.conflictsByKind ?? {}).length
      ? [`| refused conditional writes by item kind | ${pair(JSON.stringify(a?.conflictsByKind ?? {}), JSON.stringify(b?.conflictsByKind ?? {}))} |`]
      : []),
    `| measured over | ${pair(String(a?.units ?? 0), String(b?.units ?? 0))} |`,
  ];
}

function lambdaLine(phase: PhaseUse | undefined): string {
  if (!phase || phase.units === 0) return '—';
  const units = Math.max(1, phase.units);
  return Object.entries(phase.lambda)
    .map(([name, use]) => `${name} ${num(use.invocations / units, 2)}× ${num(use.billedMs / Math.max(1, use.invocations), 0)} ms`)
    .join(', ');
}

function logLine(phase: MeasuredPhase | undefined): string {
  if (!phase || phase.units === 0) return '—';
  const routes = Object.entries(phase.logsByRoute).map(([route, r]) => `${route} ${num(r.lines / phase.units, 2)} lines`);
  return `${num(phase.logBytes / phase.units, 0)} B${routes.length ? ` (${routes.join(', ')})` : ''}`;
}

function bundleTable(ours: Bundle[], baseline: Bundle[]): string[] {
  const names = [...new Set([...ours, ...baseline].map((b) => b.handler))].sort();
  const cell = (list: Bundle[], name: string, pick: (b: Bundle) => string) => {
    const found = list.find((b) => b.handler === name);
    return found ? pick(found) : '—';
  };
  const kb = (b: Bundle) => `${num(b.bytes / 1024, 0)} KB`;
  const ms = (b: Bundle) => `${num(b.coldImportMs, 0)} ms`;
  const verdict = (b: Bundle) => {
    const w = withinBudget(b);
    return w.size && w.coldImport ? 'within' : `over (${[w.size ? '' : 'size', w.coldImport ? '' : 'cold require'].filter(Boolean).join(', ')})`;
  };
  const node22 = ours.find((b) => b.node22)?.node22?.version;
  const on22 = (b: Bundle) => (b.node22 ? `${num(b.node22.coldImportMs, 0)} ms` : '—');
  return [
    `| handler | bundle size ours / baseline | median cold require ours / baseline | ours ≤ ${BUNDLE_BUDGET.maxKb} KB (${BUNDLE_BUDGET.maxKbSdkExternal} KB with the SDK external) and ≤ ${BUNDLE_BUDGET.maxColdImportMs} ms |${node22 ? ` ours on ${node22} (--node22) |` : ''}`,
    `|---|---|---|---|${node22 ? '---|' : ''}`,
    ...names.map(
      (n) =>
        `| ${n} | ${pair(cell(ours, n, kb), cell(baseline, n, kb))} | ${pair(cell(ours, n, ms), cell(baseline, n, ms))} | ${cell(ours, n, verdict)} |${node22 ? ` ${cell(ours, n, on22)} |` : ''}`,
    ),
  ];
}

function costTable(title: string, a: CostVariant, b: CostVariant, prices: Prices): string[] {
  const row = (label: string, ua: number, ub: number, unit: string, key: keyof Cost, digits = 3) =>
    `| ${label} | ${pair(num(ua, digits), num(ub, digits))} ${unit} | ${pair(money(a.cost[key]), money(b.cost[key]))} |`;
  const ua = a.usage;
  const ub = b.usage;
  return [
    `| ${title} | per chat message, ours / baseline | per 1 M chat messages, ours / baseline |`,
    '|---|---|---|',
    row('API Gateway messages (in + out, pings included)', ua.apiGatewayMessages, ub.apiGatewayMessages, 'msgs', 'apiGatewayMessages'),
    row('API Gateway connection minutes', ua.connectionMinutes, ub.connectionMinutes, 'min', 'apiGatewayConnectionMinutes'),
    row('Lambda requests (pings included)', ua.lambdaRequests, ub.lambdaRequests, 'req', 'lambdaRequests'),
    row('Lambda compute', ua.lambdaGbSeconds, ub.lambdaGbSeconds, 'GB-s', 'lambdaCompute', 4),
    row('Lambda INIT of modelled cold starts', ua.lambdaInitGbSeconds, ub.lambdaInitGbSeconds, 'GB-s', 'lambdaInit', 5),
    row(`DynamoDB read units (${a.unitsEngine} / ${b.unitsEngine})`, ua.readUnits, ub.readUnits, 'RRU', 'dynamoReads'),
    row(`DynamoDB write units (${a.unitsEngine} / ${b.unitsEngine})`, ua.writeUnits, ub.writeUnits, 'WRU', 'dynamoWrites'),
    row('CloudWatch Logs ingested', ua.logBytes, ub.logBytes, 'bytes', 'cloudwatchLogs', 0),
    `| **total** | keep-alive pings ${pair(num(ua.pings, 3), num(ub.pings, 3))} per message | **${pair(money(a.cost.total), money(b.cost.total))}** |`,
    ...prices.hosted.map((h) => `| ${h.name} (${h.plan}) | ${h.providerMessagesPerChatMessage} ${h.name} messages | ${money(hostedPerMillion(h))} |`),
  ];
}

/** Requests and write units per delivered message in each direction, per frame style: ours / baseline. */
function directionTable(a: LatencyRun, b: LatencyRun): string[] {
  const cell = (run: LatencyRun, style: FrameStyle, d: 'visitorToSeller' | 'sellerToVisitor', pick: (c: OpCount) => number) => {
    const phase = variantOf(run, style)?.byDirection[d];
    return phase && phase.units > 0 ? num(perUnitOf(phase, pick), 2) : '—';
  };
  const rows = a.variants.flatMap((v) =>
    (['visitorToSeller', 'sellerToVisitor'] as const).map(
      (d) =>
        `| ${v.style} | ${d === 'visitorToSeller' ? 'visitor → seller' : 'seller → visitor'} | ${pair(
          cell(a, v.style, d, (c) => c.requests),
          cell(b, v.style, d, (c) => c.requests),
        )} | ${pair(
          cell(a, v.style, d, (c) => c.writeUnits),
          cell(b, v.style, d, (c) => c.writeUnits),
        )} | ${pair(
          cell(a, v.style, d, (c) => c.readUnits),
          cell(b, v.style, d, (c) => c.readUnits),
        )} |`,
    ),
  );
  return ['| frames | direction | requests ours / baseline | write units ours / baseline | read units ours / baseline |', '|---|---|---|---|---|', ...rows];
}

function roundTripLines(run: LatencyRun): string[] {
  return run.variants.map((v) => {
    const t = v.roundTrips;
    const hist = Object.entries(t.histogram)
      .map(([n, count]) => `${n}: ${count}`)
      .join(', ');
    const proxy = requestsPer(v.phase);
    return `| ${v.style} | ${num(t.max, 0)} | ${num(t.median, 0)} | ${hist || '—'} | ${t.pushed} / ${t.invocations} | ${num(t.meanDynamoRequests, 2)} / ${num(proxy, 2)} |`;
  });
}

function unitsSection(results: Results): string[] {
  const u = results.units;
  if (!u) return ['Not run (`--units-engine none`): the cost table uses the timing engine’s units, which leave out index writes on dynalite.', ''];
  if (u.error) return [`The ${u.engine} run did not complete (${u.error}); the cost table uses the timing engine’s units.`, ''];
  const a = u.ours;
  const b = u.baseline;
  const cell = (run: LatencyRun | undefined, phase: (r: LatencyRun) => MeasuredPhase | undefined, pick: (c: OpCount) => number) => {
    const p = run && phase(run);
    return p && p.units > 0 ? num(perUnitOf(p, pick), 2) : '—';
  };
  const rows: [string, (r: LatencyRun) => MeasuredPhase | undefined][] = [
    ...(a?.variants ?? []).flatMap((v) => [
      [`message, ${v.style}, visitor → seller`, (r: LatencyRun) => variantOf(r, v.style)?.byDirection.visitorToSeller] as [string, (r: LatencyRun) => MeasuredPhase | undefined],
      [`message, ${v.style}, seller → visitor`, (r: LatencyRun) => variantOf(r, v.style)?.byDirection.sellerToVisitor] as [string, (r: LatencyRun) => MeasuredPhase | undefined],
    ]),
    ['InitChat', (r) => r.phases.initChat],
    ['visitor connection', (r) => r.phases.visitorConnection],
    ['seller connection', (r) => r.phases.sellerConnection],
    ['ping', (r) => r.phases.ping],
  ];
  return [
    `The latency run once more on ${u.engine} (${num(u.seconds, 0)} s), which charges index writes; these units feed the cost table.`,
    '',
    '| per unit | requests ours / baseline | write units ours / baseline | read units ours / baseline | refused conditional writes ours / baseline |',
    '|---|---|---|---|---|',
    ...rows.map(
      ([label, phase]) =>
        `| ${label} | ${pair(
          cell(a, phase, (c) => c.requests),
          cell(b, phase, (c) => c.requests),
        )} | ${pair(
          cell(a, phase, (c) => c.writeUnits),
          cell(b, phase, (c) => c.writeUnits),
        )} | ${pair(
          cell(a, phase, (c) => c.readUnits),
          cell(b, phase, (c) => c.readUnits),
        )} | ${pair(
          cell(a, phase, (c) => c.conditionalFailures),
          cell(b, phase, (c) => c.conditionalFailures),
        )} |`,
    ),
    '',
    `Failures on ${u.engine}: messages lost ${pair(String(a?.failures.messagesLost ?? '–'), String(b?.failures.messagesLost ?? '–'))}, duplicated ${pair(String(a?.failures.duplicates ?? '–'), String(b?.failures.duplicates ?? '–'))}, out of order ${pair(String(a?.failures.outOfOrder ?? '–'), String(b?.failures.outOfOrder ?? '–'))}.`,
    '',
  ];
}

const ratioCell = (value: number | null | undefined) => (value === null || value === undefined ? '–' : `${value.toFixed(2)}×`);

/** The latency run under the AWS latency model, beside the raw ratios. */
function awsLatencySection(a: SystemResult, b: SystemResult): string[] {
  if (!a.awsLatency || !b.awsLatency) return ['Under the AWS latency model: not run (--aws-latency off).', ''];
  const m = a.awsLatency.model;
  const r = (x: Summary, y: Summary, key: 'p50' | 'p95') => ratioCell(y[key] > 0 ? x[key] / y[key] : null);
  const row = (label: string, pick: (l: SystemResult['latency']) => Summary) =>
    `| ${label} | ${pair(num(pick(a.awsLatency!.latency).p50), num(pick(b.awsLatency!.latency).p50))} | ${pair(num(pick(a.awsLatency!.latency).p95), num(pick(b.awsLatency!.latency).p95))} | ${r(pick(a.awsLatency!.latency), pick(b.awsLatency!.latency), 'p50')} / ${r(pick(a.awsLatency!.latency), pick(b.awsLatency!.latency), 'p95')} | ${r(pick(a.latency), pick(b.latency), 'p50')} / ${r(pick(a.latency), pick(b.latency), 'p95')} |`;
  return [
    `### Under the AWS latency model (each DynamoDB read held ${m.dynamoReadMs} ms, each write ${m.dynamoWriteMs} ms, each management API call ${m.managementMs} ms; both systems; docs/benchmark.md names the sources)`,
    '',
    '| path | p50 ours / baseline | p95 ours / baseline | ratio p50 / p95 (AWS model) | ratio p50 / p95 (raw) |',
    '|---|---|---|---|---|',
    row('visitor → seller', (l) => l.visitorToSeller),
    row('seller → visitor', (l) => l.sellerToVisitor),
    row('InitChat → ack', (l) => l.initChat),
    '',
    `Failures under the model: messages lost ${pair(String(a.awsLatency.failures.messagesLost), String(b.awsLatency.failures.messagesLost))}, duplicated ${pair(String(a.awsLatency.failures.duplicates), String(b.awsLatency.failures.duplicates))}, out of order ${pair(String(a.awsLatency.failures.outOfOrder), String(b.awsLatency.failures.outOfOrder))}.`,
    '',
  ];
}

/** Each ratio over the runs of --repeat: every run's value, the median and the spread. */
function repeatSection(results: Results): string[] {
  const runs = results.repeats ?? [];
  const spreads = results.spreads;
  if (runs.length < 2 || !spreads) return [];
  const row = (label: string, values: (number | null)[], s: Spread) =>
    `| ${label} | ${values.map(ratioCell).join(' · ')} | ${ratioCell(s.median)} | ${s.spread === null ? '–' : s.spread.toFixed(2)} |`;
  const levels = Object.keys(spreads.throughput).map(Number);
  return [
    `### Ratios over ${runs.length} runs (--repeat; the verdicts use the median)`,
    '',
    '| ratio (ours / baseline) | each run | median | spread (max − min) |',
    '|---|---|---|---|',
    ...RATIO_SERIES.flatMap(([key, percentile, timing]) =>
      DIRECTIONS.map(([direction, path]) =>
        row(
          `${percentile} ${path}, ${timing}`,
          runs.map((r) => r[key][direction]),
          spreads[key][direction],
        ),
      ),
    ),
    ...levels.map((level) =>
      row(
        `throughput at ${level} connections`,
        runs.map((r) => r.throughput[level] ?? null),
        spreads.throughput[level] as Spread,
      ),
    ),
    ...costRows(results.costRuns ?? []),
    '',
  ];
}

/** Ours' cost per run (not a ratio): the cost verdicts use its median. */
function costRows(costRuns: { withAck: number; seedFrames: number }[]): string[] {
  if (costRuns.length < 2) return [];
  const money = (value: number | null) => (value === null ? '–' : `$${value.toFixed(2)}`);
  return (
    [
      ['cost per 1 M messages with acks (ours, not a ratio)', (c: { withAck: number }) => c.withAck],
      ['cost per 1 M messages, seed frames (ours, not a ratio)', (c: { seedFrames: number }) => c.seedFrames],
    ] as const
  ).map(([label, pick]) => {
    const values = costRuns.map((c) => pick(c as { withAck: number; seedFrames: number }));
    const s = spreadOf(values);
    return `| ${label} | ${values.map(money).join(' · ')} | ${money(s.median)} | ${s.spread === null ? '–' : s.spread.toFixed(2)} |`;
  });
}

/** The largest heap growth any of our invocations traced, over every measured phase. */
export function maxHeapGrowthMb(system: SystemResult): number {
  const phases = [...Object.values(system.phases), ...system.variants.flatMap((v) => [v.phase, v.byDirection.visitorToSeller, v.byDirection.sellerToVisitor])];
  return Math.max(0, ...phases.flatMap((p) => Object.values(p.traced).map((t) => t.maxHeapGrowthMb ?? 0)));
}

export function memoryRows(results: Results): MemoryRow[] {
  const phases = [...Object.values(results.ours.phases), ...results.ours.variants.map((v) => v.phase)];
  const invoked = new Set(phases.flatMap((p) => Object.keys(p.lambda)));
  return memoryTable(results.ours.bundles, maxHeapGrowthMb(results.ours), results.ours.lambda, invoked);
}

function memorySection(results: Results): string[] {
  const rows = memoryRows(results);
  const node22 = results.ours.bundles.find((b) => b.node22)?.node22?.version;
  return [
    `## Lambda memory per function (ours): measured peak → size (bench/memory-sizing.ts)`,
    '',
    `Peak = resident memory of a fresh node after requiring the bundle${node22 ? ` (the larger of ${results.run.machine.split('node ')[1] ?? 'this node'} and ${node22})` : ''} + the largest heap growth of any invocation (trace lines; offline runs all handlers in one process, so one figure for all). Size = peak × 1.5, rounded up to 64 MB, at least 128 MB.`,
    '',
    '| function | bundle | RSS after require MB | + heap growth MB | peak MB | sized MB | serverless.yml MB |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.functionName} | ${r.bundle} | ${num(r.rssAfterRequireMb)} | ${num(r.heapGrowthMb)} | ${num(r.peakMb)} | ${r.sizedMb ?? 'not invoked here'} | ${r.configuredMb}${r.sizedMb === null || r.configuredMb === r.sizedMb ? '' : ' (differs)'} |`,
    ),
    '',
  ];
}

/** "128 MB: connect, sendMessage; 256 MB: the rest" from a system's serverless.yml sizes. */
function memorySummary(lambda: SystemResult['lambda']): string {
  const own = Object.entries(lambda.memoryByFunction ?? {}).filter(([, mb]) => mb !== lambda.memoryMb);
  if (!own.length) return `${lambda.memoryMb} MB`;
  const bySize = new Map<number, string[]>();
  for (const [name, mb] of own) bySize.set(mb, [...(bySize.get(mb) ?? []), name]);
  return [...[...bySize].map(([mb, names]) => `${mb} MB: ${names.sort().join(', ')}`), `${lambda.memoryMb} MB: the rest`].join('; ');
}

export function renderMarkdown(results: Results, prices: Prices): string {
  const { run, ours: a, baseline: b } = results;
  const ca = systemCosts(results, 'ours', prices);
  const cb = systemCosts(results, 'baseline', prices);
  const levels = [...new Set([...a.throughput, ...b.throughput].map((t) => t.level))].sort((x, y) => x - y);
  const at = (list: SystemResult['throughput'], n: number) => list.find((t) => t.level === n);
  const tp = (t: SystemResult['throughput'][number] | undefined, pick: (t: SystemResult['throughput'][number]) => string) => (t ? pick(t) : '—');
  const share = sessionShares(prices.session);
  const { verdicts: list } = targetsOf(results, prices);
  const variantTables = (['to+clientMessageId', 'to', 'contact_id+clientMessageId'] as const).flatMap((style) => [
    ...dynamoTable(`per delivered message, frames: ${style}`, variantOf(a, style)?.phase, variantOf(b, style)?.phase),
    '',
  ]);
  return [
    `# Benchmark results: ours / baseline`,
    '',
    `${run.date} · ${run.machine} · DynamoDB engine for timings: ${run.engine} · units for the cost table: ${run.unitsEngine} · whole run ${num(run.seconds, 0)} s`,
    `Load average (1, 5, 15 min; 2 cores) at the start ${run.loadAverage.start.join(', ')} and at the end ${run.loadAverage.end.join(', ')}.`,
    `Options: \`${JSON.stringify(run.options)}\``,
    `1-minute load average during each system's run (start → end): ours ${num(a.loadAverage.start)} → ${num(a.loadAverage.end)}, baseline ${num(b.loadAverage.start)} → ${num(b.loadAverage.end)}. The baseline runs first, then ours; each phase waits for its own $disconnects.`,
    '',
    '## End-to-end latency (ms, send → receive; latency run, frames `to` + clientMessageId, each direction in turn)',
    '',
    '| path | p50 | p95 | p99 | max | n |',
    '|---|---|---|---|---|---|',
    latencyRow('visitor → seller', a.latency.visitorToSeller, b.latency.visitorToSeller),
    latencyRow('seller → visitor', a.latency.sellerToVisitor, b.latency.sellerToVisitor),
    latencyRow('InitChat → ack', a.latency.initChat, b.latency.initChat),
    latencyRow('connect → usable', a.latency.connect, b.latency.connect),
    '',
    ...awsLatencySection(a, b),
    ...repeatSection(results),
    `Failures over the latency run's exchanges (every frame style): connects ${pair(String(a.failures.connects), String(b.failures.connects))}, InitChats ${pair(String(a.failures.initChats), String(b.failures.initChats))}, messages lost ${pair(String(a.failures.messagesLost), String(b.failures.messagesLost))}, duplicated ${pair(String(a.failures.duplicates), String(b.failures.duplicates))}, out of order ${pair(String(a.failures.outOfOrder), String(b.failures.outOfOrder))}, pings unanswered ${a.failures.pingsUnanswered}.`,
    '',
    `## Sustained throughput (delivered messages per second, ${String(run.options.levelSeconds ?? '?')} s of load per level after its set-up)`,
    '',
    '| connections asked | opened | active chats | delivered msg/s | delivered | lost / dup / out of order | load seconds | setup seconds (connect + InitChat) |',
    '|---|---|---|---|---|---|---|---|',
    ...levels.map((n) => {
      const x = at(a.throughput, n);
      const y = at(b.throughput, n);
      const faults = (t: SystemResult['throughput'][number]) => `${t.lost}/${t.duplicates}/${t.outOfOrder}`;
      return `| ${n} | ${pair(
        tp(x, (t) => String(t.connections)),
        tp(y, (t) => String(t.connections)),
      )} | ${pair(
        tp(x, (t) => String(t.chats)),
        tp(y, (t) => String(t.chats)),
      )} | ${pair(
        tp(x, (t) => num(t.perSecond)),
        tp(y, (t) => num(t.perSecond)),
      )} | ${pair(
        tp(x, (t) => String(t.delivered)),
        tp(y, (t) => String(t.delivered)),
      )} | ${pair(tp(x, faults), tp(y, faults))} | ${pair(
        tp(x, (t) => num(t.seconds)),
        tp(y, (t) => num(t.seconds)),
      )} | ${pair(
        tp(x, (t) => num(t.setupSeconds)),
        tp(y, (t) => num(t.setupSeconds)),
      )} |`;
    }),
    '',
    `## DynamoDB requests and billed units, counted at the local endpoint (${run.engine})`,
    '',
    'Per delivered message in each direction (each direction measured in a phase of its own), in each frame style:',
    '',
    ...directionTable(a, b),
    '',
    'Per delivered message, both directions together (half visitor → seller, half seller → visitor):',
    '',
    ...variantTables,
    ...dynamoTable('per InitChat', a.phases.initChat, b.phases.initChat),
    '',
    ...dynamoTable(
      'per visitor connection ($connect + afterConnect + $disconnect; the target counts $connect + $disconnect)',
      a.phases.visitorConnection,
      b.phases.visitorConnection,
    ),
    '',
    ...dynamoTable('per seller connection ($connect + afterConnect + $disconnect; the target counts $connect + $disconnect)', a.phases.sellerConnection, b.phases.sellerConnection),
    '',
    ...dynamoTable('per keep-alive ping', a.phases.ping, b.phases.ping),
    '',
    '## Sequential DynamoDB round trips before the first push (ours, sendMessage, from the handlers’ trace lines)',
    '',
    '| frames | max | median | invocations by round trips | invocations that pushed / traced | requests per invocation: trace / proxy |',
    '|---|---|---|---|---|---|',
    ...roundTripLines(a),
    '',
    `## DynamoDB units on ${results.units?.engine ?? 'DynamoDB Local'}`,
    '',
    ...unitsSection(results),
    '## Lambda invocations (per unit × mean billed duration under serverless-offline)',
    '',
    `- per message (\`to\` + clientMessageId): ours ${lambdaLine(a.phases.message)}; baseline ${lambdaLine(b.phases.message)}`,
    `- per InitChat: ours ${lambdaLine(a.phases.initChat)}; baseline ${lambdaLine(b.phases.initChat)}`,
    `- per visitor connection: ours ${lambdaLine(a.phases.visitorConnection)}; baseline ${lambdaLine(b.phases.visitorConnection)}`,
    `- per seller connection: ours ${lambdaLine(a.phases.sellerConnection)}; baseline ${lambdaLine(b.phases.sellerConnection)}`,
    `- per ping: ours ${lambdaLine(a.phases.ping)}`,
    '',
    `## Handler log bytes CloudWatch would ingest (ours, LOG_LEVEL as deployed, JSON envelope of ${prices.logs.jsonEnvelopeBytes} B per line included)`,
    '',
    `- per message: ${(['to+clientMessageId', 'to', 'contact_id+clientMessageId'] as const).map((s) => `${s} ${logLine(variantOf(a, s)?.phase)}`).join('; ')}`,
    `- per InitChat: ${logLine(a.phases.initChat)}; per visitor connection: ${logLine(a.phases.visitorConnection)}; per seller connection: ${logLine(a.phases.sellerConnection)}; per ping: ${logLine(a.phases.ping)}`,
    '',
    '## Bundles (esbuild metafile) and cold require (fresh `node`, the function’s own environment, median)',
    '',
    ...bundleTable(a.bundles, b.bundles),
    '',
    ...memorySection(results),
    `## Estimated cost per 1 million chat messages (AWS ${prices.aws.region}, prices recorded ${prices.recorded})`,
    '',
    `Session model (prices.json): ${prices.session.messagesPerChat} messages per chat; the visitor's ${prices.session.visitor.connectionsPerChat} connection of ${prices.session.visitor.minutesPerConnection} min per chat; a seller's ${prices.session.seller.shiftHours}-hour shift over ${prices.session.seller.connectionsPerShift} connections serving ${prices.session.seller.chatsPerShift} chats, so ${num(share.sellerConnections * prices.session.messagesPerChat, 3)} seller connections and ${num(share.connectionMinutes * prices.session.messagesPerChat, 1)} connection minutes per chat; a keep-alive ping after every ${prices.session.pingIntervalMinutes} min in which a page sent nothing, each connection's sends spread at random over its minutes (${num(share.pings, 6)} pings per message; at most ${num(share.pingsAtMost, 3)} were every connection minute idle; ours only: the baseline has no ping route). Lambda ${a.lambda.architecture} / ${b.lambda.architecture}, each function at its own memory size (ours: ${memorySummary(a.lambda)}; baseline: ${memorySummary(b.lambda)}); INIT modelled as ${prices.lambdaInit.coldStartsPerInvocation * 100} cold start per 100 invocations, +${prices.lambdaInit.billedMsPerColdStart} ms billed each. CloudWatch Logs at $${prices.aws.cloudwatchLogs.perGbIngested}/GB ingested; the platform's lines cost nothing (systemLogLevel WARN).`,
    '',
    ...costTable('with a messageAck per message (our frames: contact_id + clientMessageId)', ca.withAck, cb.withAck, prices),
    '',
    ...costTable('the seed widget’s frames (`to` only, no clientMessageId)', ca.seedFrames, cb.seedFrames, prices),
    '',
    `Frames received per message, ours: our frames ${JSON.stringify(perAction(variantOf(a, 'contact_id+clientMessageId')?.phase))}, seed frames ${JSON.stringify(perAction(variantOf(a, 'to')?.phase))}.`,
    '',
    `Prices: ${prices.basis} Sources: ${[...prices.aws.sources, ...prices.hosted.map((h) => h.source)].join('; ')}.`,
    '',
    '## Verdicts on the targets of issue 10',
    '',
    ...verdictLines(list),
    '',
  ].join('\n');
}

function perAction(phase: MeasuredPhase | undefined): Record<string, number> {
  if (!phase || phase.units === 0) return {};
  return Object.fromEntries(Object.entries(phase.framesOutByAction).map(([action, n]) => [action, Number((n / phase.units).toFixed(3))]));
}
