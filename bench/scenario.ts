/**
 * One system's whole measurement: warm-up, the latency run in measured phases (per role connects,
 * InitChat, messages in each frame style, keep-alive pings, per role closes), then the throughput levels.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AwsLatencyModel } from './aws-latency';
import type { PhaseUse, Phases } from './cost';
import { diffCounts, mergeCounts, type Counts } from './dynamo-counter';
import { logBytesByRoute, roundTripsOf, type LogLine, type RoundTrips, type TraceLine } from './handler-logs';
import { diffInvocations, type Invocations } from './invocations';
import {
  closeSockets,
  connectSellers,
  connectVisitors,
  errorFrames,
  exchange,
  initChats,
  orderFaults,
  pingAll,
  plan,
  populate,
  type Direction,
  type Exchange,
  type FrameStyle,
  type LoadLimits,
  type Population,
} from './load';
import { summarize, type Summary } from './stats';
import type { System } from './systems';

export interface BenchOptions {
  visitors: number;
  sellers: number;
  messagesPerChat: number;
  /** chats exchanging messages at the same time (closed loop each) */
  concurrency: number;
  /** sockets opening at the same time */
  connectConcurrency: number;
  /** open connections for the throughput runs; a chat needs two (visitor and seller) */
  levels: number[];
  /** chats that carry the load at each throughput level (the other connections stay open and idle) */
  levelMessages: number;
  /** seconds of load per throughput level, after its set-up: a steady rate, not a burst */
  levelSeconds: number;
  /** a second latency run with every DynamoDB and management API request held as on AWS; none when undefined */
  awsLatency?: AwsLatencyModel;
  /** a single wait (connect, ack, delivery) longer than this counts as lost */
  waitMs: number;
  /** Lambda's JSON log envelope per line (prices.json logs.jsonEnvelopeBytes), for the log bytes of each phase */
  logEnvelopeBytes: number;
}

export interface ThroughputResult {
  /** the level asked for; `connections` is how many sockets actually opened */
  level: number;
  connections: number;
  chats: number;
  delivered: number;
  lost: number;
  duplicates: number;
  outOfOrder: number;
  seconds: number;
  perSecond: number;
  setupSeconds: number;
}

/** One measured phase as the report shows it: what it used, plus the handlers' own traces and log lines. */
export interface MeasuredPhase extends PhaseUse {
  /**
   * Invocations of the scheduled function (ours: the sweep) that fell in the phase anyway, and the DynamoDB
   * requests they traced: left out of the verdicts' request counts and of `lambda`, still in `dynamo`.
   */
  scheduled: { invocations: number; dynamoRequests: number };
  /** frames received by action during the phase */
  framesOutByAction: Record<string, number>;
  /** per route: invocations traced, mean DynamoDB requests per invocation (handler's own count), largest heap growth */
  traced: Record<string, { invocations: number; meanDynamoRequests: number; maxHeapGrowthMb?: number }>;
  logsByRoute: Record<string, { lines: number; bytes: number; ingestedBytes: number }>;
  /** refused conditional writes by the kind of item they named (`seller#`, `rate#`, `V#`…): where contention was */
  conflictsByKind: Record<string, number>;
}

export interface MessageVariant {
  style: FrameStyle;
  /** both directions together */
  phase: MeasuredPhase;
  /** each direction measured on its own: half the messages visitor → seller, then half seller → visitor */
  byDirection: { visitorToSeller: MeasuredPhase; sellerToVisitor: MeasuredPhase };
  /** sendMessage's sequential DynamoDB round trips before its first push (ours: from the handler's trace lines) */
  roundTrips: RoundTrips;
  delivered: number;
  lost: number;
}

export interface LatencyRun {
  latency: { visitorToSeller: Summary; sellerToVisitor: Summary; initChat: Summary; connect: Summary };
  samples: { visitorToSeller: number[]; sellerToVisitor: number[] };
  failures: { connects: number; initChats: number; messagesLost: number; duplicates: number; outOfOrder: number; pingsUnanswered: number; errorFrames: unknown[] };
  /** message: the latency run's own messages (`to` + clientMessageId); the per-style runs are in `variants` */
  phases: { [K in keyof Phases]: MeasuredPhase };
  variants: MessageVariant[];
  /** 1-minute load average when the run started and ended */
  loadAverage: { start: number; end: number };
}

/** The latency run under the AWS latency model: its latencies and faults (its requests are the raw run's). */
export interface AwsLatencyRun {
  model: AwsLatencyModel;
  latency: LatencyRun['latency'];
  failures: LatencyRun['failures'];
}

export interface SystemResult extends LatencyRun {
  name: string;
  lambda: System['lambda'];
  awsLatency?: AwsLatencyRun;
  throughput: ThroughputResult[];
  /** 1-minute load average when this system's run started and ended: other work on the machine skews the timings */
  loadAverage: { start: number; end: number };
}

interface Measured<T> {
  value: T;
  dynamo: Counts;
  conflicts: Record<string, number>;
  lambda: Invocations;
  traces: TraceLine[];
  logs: LogLine[];
  frames: { before: Record<string, number>; after: Record<string, number> };
}

function framesByAction(sockets: Population['sockets']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const socket of sockets) for (const [action, n] of Object.entries(socket.byAction)) out[action] = (out[action] ?? 0) + n;
  return out;
}

/** Runs `work` between two quiet points of the DynamoDB proxy, so async work of earlier phases is not counted. */
async function measured<T>(system: System, sockets: () => Population['sockets'], work: () => Promise<T>): Promise<Measured<T>> {
  await system.counter.waitIdle(750);
  const dynamo = system.counter.snapshot();
  const conflicts = system.counter.conflicts();
  const lambda = system.invocations.snapshot();
  const mark = system.handlerLog.mark();
  const framesBefore = framesByAction(sockets());
  const value = await work();
  await system.counter.waitIdle(750);
  // serverless-offline prints an invocation's line after its last DynamoDB call returned
  await new Promise((resolve) => setTimeout(resolve, 200));
  const lines = system.handlerLog.since(mark);
  return {
    value,
    dynamo: diffCounts(dynamo, system.counter.snapshot()),
    conflicts: Object.fromEntries(
      Object.entries(system.counter.conflicts())
        .map(([kind, n]) => [kind, n - (conflicts[kind] ?? 0)] as const)
        .filter(([, n]) => n > 0),
    ),
    lambda: diffInvocations(lambda, system.invocations.snapshot()),
    traces: lines.traces,
    logs: lines.logs,
    frames: { before: framesBefore, after: framesByAction(sockets()) },
  };
}

function tracedByRoute(traces: TraceLine[]): MeasuredPhase['traced'] {
  const out: MeasuredPhase['traced'] = {};
  for (const route of new Set(traces.map((t) => t.route))) {
    const trips = roundTripsOf(traces, route);
    const growth = traces.filter((t) => t.route === route).map((t) => t.heapGrowthMb ?? 0);
    out[route] = { invocations: trips.invocations, meanDynamoRequests: trips.meanDynamoRequests, maxHeapGrowthMb: Math.max(0, ...growth) };
  }
  return out;
}

function phaseOf(parts: Measured<unknown>[], units: number, framesIn: number, envelopeBytes: number, scheduled?: string): MeasuredPhase {
  const byAction: Record<string, number> = {};
  const conflictsByKind: Record<string, number> = {};
  let dynamo: Counts = {};
  const lambda: Invocations = {};
  const traces: TraceLine[] = [];
  const logs: LogLine[] = [];
  for (const part of parts) {
    for (const [action, n] of Object.entries(part.frames.after)) {
      const delta = n - (part.frames.before[action] ?? 0);
      if (delta > 0) byAction[action] = (byAction[action] ?? 0) + delta;
    }
    dynamo = mergeCounts(dynamo, part.dynamo);
    for (const [kind, n] of Object.entries(part.conflicts)) conflictsByKind[kind] = (conflictsByKind[kind] ?? 0) + n;
    for (const [name, use] of Object.entries(part.lambda)) {
      if (name === scheduled) continue;
      const t = (lambda[name] ??= { invocations: 0, billedMs: 0 });
      t.invocations += use.invocations;
      t.billedMs += use.billedMs;
    }
    traces.push(...part.traces);
    logs.push(...part.logs);
  }
  const logsByRoute = logBytesByRoute(logs, envelopeBytes);
  const foreign = traces.filter((t) => t.route === scheduled);
  return {
    scheduled: { invocations: foreign.length, dynamoRequests: foreign.reduce((sum, t) => sum + t.dynamoRequests, 0) },
    units,
    framesIn,
    framesOut: Object.values(byAction).reduce((sum, n) => sum + n, 0),
    framesOutByAction: byAction,
    dynamo,
    lambda,
    logBytes: Object.values(logsByRoute).reduce((sum, r) => sum + r.ingestedBytes, 0),
    traced: tracedByRoute(traces),
    logsByRoute,
    conflictsByKind,
  };
}

/**
 * Waits (bounded) until serverless-offline has logged `count` more `disconnect` invocations than `before`:
 * a cold $disconnect may spend seconds before its first DynamoDB call, which the proxy's quiet point cannot see.
 */
async function disconnectsDone(system: System, before: Invocations, count: number, maxMs = 30_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  const done = () => (system.invocations.snapshot().disconnect?.invocations ?? 0) - (before.disconnect?.invocations ?? 0) >= count;
  while (!done() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await system.counter.waitIdle(750);
}

/** Closes `sockets` and waits for the system to have handled every $disconnect. */
async function closeAndSettle(system: System, sockets: Population['sockets'], options: BenchOptions): Promise<void> {
  const before = system.invocations.snapshot();
  await closeSockets(sockets, options.connectConcurrency);
  await disconnectsDone(system, before, sockets.length);
}

/** Every step has its own time cap, so a slow step cannot starve the next ones; the run's hard stop caps the total. */
function limits(options: BenchOptions, seconds: number): LoadLimits {
  return { waitMs: options.waitMs, deadline: performance.now() + seconds * 1000 };
}

/** Starts every route once at the measured concurrency, so cold module loads stay out of the figures. */
export async function warmUp(system: System, options: BenchOptions): Promise<void> {
  // as many visitors as sockets open at once, so offline has that many warm $connect workers too
  const size = Math.max(2, options.concurrency, options.connectConcurrency);
  const population = await populate(system.target, { visitors: size, sellers: Math.min(size, options.sellers) }, options.connectConcurrency, limits(options, 20));
  await initChats(population, options.concurrency, limits(options, 10));
  for (const style of system.target.frameStyles) await exchange(population.chats, 2, options.concurrency, limits(options, 10), style);
  if (system.target.pings) await pingAll(population.sockets, options.concurrency, limits(options, 10));
  await closeAndSettle(system, population.sockets, options);
}

/**
 * The latency run: sellers connect, then visitors; every visitor sends InitChat; every chat exchanges
 * messages in each frame style the system understands; every socket pings (ours); visitors close, then sellers.
 */
export async function latencyRun(system: System, options: BenchOptions): Promise<LatencyRun> {
  const loadAtStart = os.loadavg()[0] as number;
  const envelope = options.logEnvelopeBytes;
  const pop = plan({ visitors: options.visitors, sellers: options.sellers });
  const all = () => pop.sockets;
  const sellerConnect = await measured(system, all, () => connectSellers(system.target, pop, options.connectConcurrency, limits(options, 30)));
  const visitorConnect = await measured(system, all, () => connectVisitors(system.target, pop, options.connectConcurrency, limits(options, 30)));
  const init = await measured(system, all, () => initChats(pop, options.concurrency, limits(options, 20)));

  const variants: MessageVariant[] = [];
  const samples = { visitorToSeller: [] as number[], sellerToVisitor: [] as number[] };
  let lost = 0;
  const half = { visitorToSeller: Math.ceil(options.messagesPerChat / 2), sellerToVisitor: Math.floor(options.messagesPerChat / 2) };
  for (const style of system.target.frameStyles) {
    // each direction in a phase of its own, so that its requests per message are counted apart
    const runs = [] as Measured<Exchange>[];
    for (const direction of ['visitorToSeller', 'sellerToVisitor'] as const satisfies readonly Direction[]) {
      if (half[direction] === 0) continue;
      runs.push(await measured(system, all, () => exchange(pop.chats, half[direction], options.concurrency, limits(options, 40), style, direction)));
    }
    const [toSeller, toVisitor] = runs;
    const delivered = runs.reduce((sum, r) => sum + r.value.delivered, 0);
    const runLost = runs.reduce((sum, r) => sum + r.value.lost, 0);
    // the latency figures are the first style's (`to` + clientMessageId)
    if (variants.length === 0) {
      for (const r of runs) {
        samples.visitorToSeller.push(...r.value.visitorToSellerMs);
        samples.sellerToVisitor.push(...r.value.sellerToVisitorMs);
      }
    }
    lost += runLost;
    const directional = (r: Measured<Exchange> | undefined) =>
      r ? phaseOf([r], r.value.delivered, r.value.delivered + r.value.lost, envelope, system.scheduled) : phaseOf([], 0, 0, envelope);
    variants.push({
      style,
      phase: phaseOf(runs, delivered, delivered + runLost, envelope, system.scheduled),
      byDirection: { visitorToSeller: directional(toSeller), sellerToVisitor: directional(toVisitor) },
      roundTrips: roundTripsOf(
        runs.flatMap((r) => r.traces),
        'sendMessage',
      ),
      delivered,
      lost: runLost,
    });
  }
  const ping = system.target.pings ? await measured(system, all, () => pingAll(pop.sockets, options.concurrency, limits(options, 20))) : undefined;
  const errors = errorFrames(pop);
  const faults = orderFaults(pop.sockets);
  const visitorClose = await measured(system, all, () => closeAndSettle(system, pop.visitorSockets, options));
  const sellerClose = await measured(system, all, () => closeAndSettle(system, pop.sellerSockets, options));

  const emptyPhase = phaseOf([], 0, 0, envelope);
  return {
    latency: {
      visitorToSeller: summarize(samples.visitorToSeller),
      sellerToVisitor: summarize(samples.sellerToVisitor),
      initChat: summarize(init.value.ackMs),
      connect: summarize(pop.connectMs),
    },
    samples,
    failures: {
      connects: pop.failedConnects,
      initChats: init.value.failed,
      messagesLost: lost,
      duplicates: faults.duplicates,
      outOfOrder: faults.outOfOrder,
      pingsUnanswered: ping?.value.failed ?? 0,
      errorFrames: errors,
    },
    phases: {
      message: (variants[0] as MessageVariant).phase,
      initChat: phaseOf([init], init.value.ackMs.length, init.value.ackMs.length + init.value.failed, envelope, system.scheduled),
      visitorConnection: phaseOf([visitorConnect, visitorClose], pop.visitorSockets.length, 0, envelope, system.scheduled),
      sellerConnection: phaseOf([sellerConnect, sellerClose], pop.sellerSockets.length, 0, envelope, system.scheduled),
      ping: ping ? phaseOf([ping], ping.value.answered, ping.value.answered + ping.value.failed, envelope, system.scheduled) : emptyPhase,
    },
    variants,
    loadAverage: { start: loadAtStart, end: os.loadavg()[0] as number },
  };
}

/**
 * `connections` sockets open (half visitors, half their sellers); messages flow through `levelMessages` of
 * those chats for `levelSeconds`, in rounds of one message per chat (visitor → seller, then back), the
 * other connections stay open and idle.
 */
async function throughputAt(system: System, connections: number, options: BenchOptions): Promise<ThroughputResult> {
  const chats = Math.max(1, Math.floor(connections / 2));
  const setupStart = performance.now();
  const population = await populate(system.target, { visitors: chats, sellers: chats }, options.connectConcurrency, limits(options, 45));
  const open = population.chats;
  population.chats = open.slice(0, Math.min(open.length, options.levelMessages));
  await initChats(population, options.concurrency, limits(options, 20));
  const setupSeconds = (performance.now() - setupStart) / 1000;
  // the load starts once the set-up's asynchronous work (ours: afterConnect) is done: steady state, N connections open
  await system.counter.waitIdle(750, 20_000);
  const loadStart = performance.now();
  const loadEnd = loadStart + options.levelSeconds * 1000;
  const run = { delivered: 0, lost: 0, lastDeliveryAt: loadStart };
  for (let round = 0; performance.now() < loadEnd; round++) {
    const direction = round % 2 === 0 ? 'visitorToSeller' : 'sellerToVisitor';
    const started = performance.now();
    const part = await exchange(population.chats, 1, options.concurrency, { waitMs: options.waitMs, deadline: loadEnd }, 'to+clientMessageId', direction);
    run.delivered += part.delivered;
    run.lost += part.lost;
    if (part.delivered > 0) run.lastDeliveryAt = started + part.elapsedMs;
  }
  const faults = orderFaults(population.sockets);
  await closeAndSettle(system, population.sockets, options);
  const seconds = (run.lastDeliveryAt - loadStart) / 1000;
  return {
    level: connections,
    connections: population.sockets.length,
    chats: population.chats.length,
    delivered: run.delivered,
    lost: run.lost,
    duplicates: faults.duplicates,
    outOfOrder: faults.outOfOrder,
    seconds,
    perSecond: seconds > 0 ? run.delivered / seconds : 0,
    setupSeconds,
  };
}

export async function benchSystem(system: System, options: BenchOptions, log: (line: string) => void): Promise<SystemResult> {
  const loadAtStart = os.loadavg()[0] as number;
  log(`${system.name}: warm-up`);
  await warmUp(system, options);
  log(
    `${system.name}: latency run (${options.visitors} visitors, ${options.sellers} sellers, ${options.messagesPerChat} messages per chat, frames: ${system.target.frameStyles.join(', ')})`,
  );
  const run = await latencyRun(system, options);
  const result: SystemResult = { ...run, name: system.name, lambda: system.lambda, throughput: [], loadAverage: { start: loadAtStart, end: 0 } };
  if (options.awsLatency) {
    const model = options.awsLatency;
    log(
      `${system.name}: latency run under the AWS latency model (DynamoDB ${model.dynamoReadMs} ms a read, ${model.dynamoWriteMs} ms a write; management API ${model.managementMs} ms)`,
    );
    system.setAwsLatency(model);
    try {
      const modelled = await latencyRun(system, options);
      result.awsLatency = { model, latency: modelled.latency, failures: modelled.failures };
    } finally {
      system.setAwsLatency(undefined);
    }
  }
  for (const level of options.levels) {
    log(`${system.name}: throughput with ${level} connections`);
    result.throughput.push(await throughputAt(system, level, options));
  }
  result.loadAverage.end = os.loadavg()[0] as number;
  return result;
}
