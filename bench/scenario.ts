/** One system's whole measurement: warm-up, the latency run in measured phases, then the throughput levels. */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { PhaseUse } from './cost';
import { diffCounts, type Counts } from './dynamo-counter';
import { diffInvocations, type Invocations } from './invocations';
import { closeAll, errorFrames, exchange, framesReceived, initChats, populate, type LoadLimits, type Population } from './load';
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
  /** messages per throughput level, spread over its chats (at least one per chat) */
  levelMessages: number;
  /** a single wait (connect, ack, delivery) longer than this counts as lost */
  waitMs: number;
}

export interface ThroughputResult {
  /** the level asked for; `connections` is how many sockets actually opened */
  level: number;
  connections: number;
  chats: number;
  delivered: number;
  lost: number;
  seconds: number;
  perSecond: number;
  setupSeconds: number;
}

export interface SystemResult {
  name: string;
  lambda: System['lambda'];
  latency: { visitorToSeller: Summary; sellerToVisitor: Summary; initChat: Summary; connect: Summary };
  samples: { visitorToSeller: number[]; sellerToVisitor: number[] };
  failures: { connects: number; initChats: number; messagesLost: number; errorFrames: unknown[] };
  /** message: per delivered message; initChat: per acked InitChat; connection: connect + disconnect, per socket */
  phases: { message: PhaseUse; initChat: PhaseUse; connection: PhaseUse };
  throughput: ThroughputResult[];
  /** 1-minute load average when this system's run started and ended: other work on the machine skews the timings */
  loadAverage: { start: number; end: number };
}

interface Measured<T> {
  value: T;
  dynamo: Counts;
  lambda: Invocations;
}

/** Runs `work` between two quiet points of the DynamoDB proxy, so async work of earlier phases is not counted. */
async function measured<T>(system: System, work: () => Promise<T>): Promise<Measured<T>> {
  await system.counter.waitIdle(750);
  const dynamo = system.counter.snapshot();
  const lambda = system.invocations.snapshot();
  const value = await work();
  await system.counter.waitIdle(750);
  // serverless-offline prints an invocation's line after its last DynamoDB call returned
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    value,
    dynamo: diffCounts(dynamo, system.counter.snapshot()),
    lambda: diffInvocations(lambda, system.invocations.snapshot()),
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

/** Closes every socket of the population and waits for the system to have handled every $disconnect. */
async function closeAndSettle(system: System, population: Population, options: BenchOptions): Promise<void> {
  const before = system.invocations.snapshot();
  await closeAll(population, options.connectConcurrency);
  await disconnectsDone(system, before, population.sockets.length);
}

function mergeCounts(a: Counts, b: Counts): Counts {
  const out = structuredClone(a);
  for (const [op, c] of Object.entries(b)) {
    const t = (out[op] ??= { requests: 0, readUnits: 0, writeUnits: 0 });
    t.requests += c.requests;
    t.readUnits += c.readUnits;
    t.writeUnits += c.writeUnits;
  }
  return out;
}

function mergeInvocations(a: Invocations, b: Invocations): Invocations {
  const out = structuredClone(a);
  for (const [name, use] of Object.entries(b)) {
    const t = (out[name] ??= { invocations: 0, billedMs: 0 });
    t.invocations += use.invocations;
    t.billedMs += use.billedMs;
  }
  return out;
}

/** Every step has its own time cap, so a slow step cannot starve the next ones; the run's hard stop caps the total. */
function limits(options: BenchOptions, seconds: number): LoadLimits {
  return { waitMs: options.waitMs, deadline: performance.now() + seconds * 1000 };
}

/** Starts offline's worker threads for every route at the measured concurrency, so cold starts stay out of the figures. */
async function warmUp(system: System, options: BenchOptions): Promise<void> {
  // as many visitors as sockets open at once, so offline has that many warm $connect workers too
  const size = Math.max(2, options.concurrency, options.connectConcurrency);
  const population = await populate(system.target, { visitors: size, sellers: Math.min(size, options.sellers) }, options.connectConcurrency, limits(options, 20));
  await initChats(population, options.concurrency, limits(options, 10));
  await exchange(population.chats, 2, options.concurrency, limits(options, 10));
  await closeAndSettle(system, population, options);
}

/**
 * `connections` sockets open (half visitors, half their sellers); `levelMessages` messages flow through as many
 * of those chats as needed (at least one message each), the other connections stay open and idle.
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
  const perChat = Math.max(1, Math.ceil(options.levelMessages / Math.max(1, population.chats.length)));
  const run = await exchange(population.chats, perChat, options.concurrency, limits(options, 30));
  await closeAndSettle(system, population, options);
  const seconds = run.elapsedMs / 1000;
  return {
    level: connections,
    connections: population.sockets.length,
    chats: population.chats.length,
    delivered: run.delivered,
    lost: run.lost,
    seconds,
    perSecond: seconds > 0 ? run.delivered / seconds : 0,
    setupSeconds,
  };
}

export async function benchSystem(system: System, options: BenchOptions, log: (line: string) => void): Promise<SystemResult> {
  const loadAtStart = os.loadavg()[0] as number;
  log(`${system.name}: warm-up`);
  await warmUp(system, options);

  log(`${system.name}: latency run (${options.visitors} visitors, ${options.sellers} sellers, ${options.messagesPerChat} messages per chat)`);
  let population: Population | undefined;
  const connect = await measured(system, async () => {
    population = await populate(system.target, { visitors: options.visitors, sellers: options.sellers }, options.connectConcurrency, limits(options, 30));
    return population;
  });
  const pop = population as Population;
  const framesAfterConnect = framesReceived(pop);
  const init = await measured(system, () => initChats(pop, options.concurrency, limits(options, 20)));
  const framesAfterInit = framesReceived(pop);
  const messages = await measured(system, () => exchange(pop.chats, options.messagesPerChat, options.concurrency, limits(options, 40)));
  const framesAfterMessages = framesReceived(pop);
  const errors = errorFrames(pop);
  const disconnect = await measured(system, () => closeAndSettle(system, pop, options));

  const exchanged = messages.value;
  const result: SystemResult = {
    name: system.name,
    lambda: system.lambda,
    latency: {
      visitorToSeller: summarize(exchanged.visitorToSellerMs),
      sellerToVisitor: summarize(exchanged.sellerToVisitorMs),
      initChat: summarize(init.value.ackMs),
      connect: summarize(pop.connectMs),
    },
    samples: { visitorToSeller: exchanged.visitorToSellerMs, sellerToVisitor: exchanged.sellerToVisitorMs },
    failures: { connects: pop.failedConnects, initChats: init.value.failed, messagesLost: exchanged.lost, errorFrames: errors },
    phases: {
      message: {
        units: exchanged.delivered,
        framesIn: exchanged.delivered + exchanged.lost,
        framesOut: framesAfterMessages - framesAfterInit,
        dynamo: messages.dynamo,
        lambda: messages.lambda,
      },
      initChat: {
        units: init.value.ackMs.length,
        framesIn: init.value.ackMs.length + init.value.failed,
        framesOut: framesAfterInit - framesAfterConnect,
        dynamo: init.dynamo,
        lambda: init.lambda,
      },
      connection: {
        units: pop.sockets.length,
        framesIn: 0,
        framesOut: framesAfterConnect,
        dynamo: mergeCounts(connect.dynamo, disconnect.dynamo),
        lambda: mergeInvocations(connect.lambda, disconnect.lambda),
      },
    },
    throughput: [],
    loadAverage: { start: loadAtStart, end: 0 },
  };

  for (const level of options.levels) {
    log(`${system.name}: throughput with ${level} connections`);
    result.throughput.push(await throughputAt(system, level, options));
  }
  result.loadAverage.end = os.loadavg()[0] as number;
  return result;
}
