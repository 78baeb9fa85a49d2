/**
 * `npm run bench`: the same load against ours and the baseline on one local stack (127.0.0.1 only),
 * then bundles, the latency run once more on DynamoDB Local for its units, cost, verdicts and a chart.
 * Bounded: a time budget per step, a time limit for the units run, and a hard stop for the whole run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { REPO_ROOT, parseEngine, type DynamoEngine } from '../scripts/local-dynamodb';
import { parseAwsLatency } from './aws-latency';
import { ratiosOf, ratioSpreads, type RunRatios } from './repeat';
import { bundleDir, measureBundles } from './bundles';
import { latencyChart } from './chart';
import { hostedPerMillion, type Prices } from './cost';
import { functionEnvironments, readServerlessFile } from './function-env';
import { memoryRows, ourCostsPerRun, renderMarkdown, systemCosts, targetsOf, type Results, type UnitsRun } from './report';
import { benchSystem, latencyRun, warmUp, type BenchOptions, type SystemResult } from './scenario';
import { runFlashSale } from './flash-sale';
import { runTracingCost } from './tracing-cost';
import { ESBUILD_WORK_FOLDER, pickPorts, startBaseline, startOurs, type System } from './systems';
import { verdictLines } from './verdicts';

const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');
const UNITS_ENGINES = ['dynamodb-local', 'none'] as const;
type UnitsEngine = (typeof UNITS_ENGINES)[number];
const HELP = `npm run bench -- [--visitors 20] [--sellers 5] [--messages 10] [--concurrency 8]
  [--connect-concurrency 8] [--levels 2,100,1000] [--level-messages 100] [--level-seconds 20] [--max-seconds 600]
  [--engine dynalite|dynamodb-local] [--units-engine dynamodb-local|none] [--units-max-seconds 240]
  [--import-runs 3] [--aws-latency on|off|READ_MS,WRITE_MS,MANAGEMENT_MS] [--repeat 1] [--node22 PATH]
  --aws-latency: a second latency run with every DynamoDB and management API request held as on AWS (on by default)
  --repeat N: N runs of both systems (latency and throughput); each ratio's median and spread over them
  --node22 PATH: also time every bundle's cold require with the node binary at PATH (Lambda's nodejs22.x)
  --max-seconds is the whole run's hard stop: raise it with --repeat (about 900 s per run with the defaults)
npm run bench -- --flash-sale [--flash-sellers 50] [--flash-rate 20] [--flash-seconds 10] [--engine …]
  one team's sellers (5 slots each) and InitChats into the team at a steady rate (docs/scaling.md)
npm run bench -- --tracing [--import-runs 5]
  what TRACING=true costs: every bundle's size and cold require, packaged with tracing off and on
npm run bench -- --sse
  the conversation API's Server-Sent Events phase (bench/sse.ts; its options through npm run bench:sse)
npm run bench -- --assistant
  the shop assistant's phase over the socket, and the price of an answer with a Bedrock model
  (bench/assistant.ts; its options through npm run bench:assistant)`;

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got "${raw}"\n${HELP}`);
  return value;
}

function unitsEngineOf(raw: string | undefined): UnitsEngine {
  const value = raw ?? 'dynamodb-local';
  if ((UNITS_ENGINES as readonly string[]).includes(value)) return value as UnitsEngine;
  throw new Error(`--units-engine must be one of ${UNITS_ENGINES.join(', ')}, got "${value}"\n${HELP}`);
}

function parseOptions(prices: Prices) {
  const { values } = parseArgs({
    options: {
      visitors: { type: 'string' },
      sellers: { type: 'string' },
      messages: { type: 'string' },
      concurrency: { type: 'string' },
      'connect-concurrency': { type: 'string' },
      levels: { type: 'string' },
      'level-messages': { type: 'string' },
      'level-seconds': { type: 'string' },
      'aws-latency': { type: 'string' },
      repeat: { type: 'string' },
      node22: { type: 'string' },
      'max-seconds': { type: 'string' },
      engine: { type: 'string' },
      'units-engine': { type: 'string' },
      'units-max-seconds': { type: 'string' },
      'import-runs': { type: 'string' },
      'flash-sale': { type: 'boolean' },
      tracing: { type: 'boolean' },
      sse: { type: 'boolean' },
      assistant: { type: 'boolean' },
      'flash-sellers': { type: 'string' },
      'flash-rate': { type: 'string' },
      'flash-seconds': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const levels = (values.levels ?? '2,100,1000').split(',').map((n) => positive('levels', n.trim(), 0));
  const bench: BenchOptions = {
    visitors: positive('visitors', values.visitors, 20),
    sellers: positive('sellers', values.sellers, 5),
    messagesPerChat: positive('messages', values.messages, 10),
    concurrency: positive('concurrency', values.concurrency, 8),
    connectConcurrency: positive('connect-concurrency', values['connect-concurrency'], 8),
    levels,
    levelMessages: positive('level-messages', values['level-messages'], 100),
    levelSeconds: positive('level-seconds', values['level-seconds'], 20),
    awsLatency: parseAwsLatency(values['aws-latency']),
    waitMs: 10_000,
    logEnvelopeBytes: prices.logs.jsonEnvelopeBytes,
  };
  return {
    bench,
    maxSeconds: positive('max-seconds', values['max-seconds'], 1200),
    repeat: positive('repeat', values.repeat, 1),
    node22: values.node22,
    engine: parseEngine(values.engine ?? process.env.DDB_ENGINE),
    unitsEngine: unitsEngineOf(values['units-engine']),
    unitsMaxSeconds: positive('units-max-seconds', values['units-max-seconds'], 240),
    importRuns: positive('import-runs', values['import-runs'], 3),
    tracing: values.tracing === true,
    sse: values.sse === true,
    assistant: values.assistant === true,
    flashSale: values['flash-sale']
      ? {
          sellers: positive('flash-sellers', values['flash-sellers'], 50),
          rate: positive('flash-rate', values['flash-rate'], 20),
          seconds: positive('flash-seconds', values['flash-seconds'], 10),
        }
      : undefined,
  };
}

/**
 * Holds back what is written to stdout and stderr while the stacks run: ours runs serverless-offline
 * unquiet (so its handlers log at the deploy's level), and startStack relays that output here. The
 * benchmark's own progress lines go straight to the real stderr.
 */
function holdOutput() {
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const swallow = ((...args: unknown[]) => {
    const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (callback) setImmediate(callback);
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = swallow;
  process.stderr.write = swallow;
  return {
    log: (line: string) => stderrWrite.call(process.stderr, `[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`),
    release() {
      process.stdout.write = stdoutWrite;
      process.stderr.write = stderrWrite;
    },
  };
}

/** The hard stop: whatever hangs, the run ends after `maxSeconds` and the exit hooks kill the children. */
function hardStopAfter(maxSeconds: number, output: { release(): void }): NodeJS.Timeout {
  const timer = setTimeout(() => {
    output.release();
    console.error(`bench: hard time limit of ${maxSeconds} s reached, stopping`);
    process.exit(2);
  }, maxSeconds * 1000);
  timer.unref();
  return timer;
}

const loadAverage = () => os.loadavg().map((n) => Number(n.toFixed(2)));

/** Starts both systems on `engine`; the baseline's table is created once the engine is up. */
async function startBoth(engine: DynamoEngine, systems: System[]) {
  const ports = await pickPorts();
  const [ourStart, baseStart] = await Promise.allSettled([startOurs(engine, ports.ours), startBaseline(`http://127.0.0.1:${ports.ours.dynamo}`, ports.baseline)]);
  if (ourStart.status === 'fulfilled') systems.push(ourStart.value);
  if (baseStart.status === 'fulfilled') systems.push(baseStart.value);
  if (ourStart.status === 'rejected') throw ourStart.reason;
  if (baseStart.status === 'rejected') throw baseStart.reason;
  await baseStart.value.ready();
  return { ours: ourStart.value, baseline: baseStart.value };
}

async function stopAll(systems: System[]): Promise<void> {
  for (const system of systems.splice(0).reverse()) await system.stop().catch(() => undefined);
}

/**
 * The latency run once more, both systems, on `engine`: its request units (DynamoDB Local charges
 * index writes) feed the cost table. Bounded by `maxSeconds`; on the limit the stacks are stopped and
 * the run is reported as incomplete.
 */
async function unitsRun(engine: DynamoEngine, options: BenchOptions, maxSeconds: number, log: (line: string) => void): Promise<UnitsRun> {
  const started = performance.now();
  const systems: System[] = [];
  const result: UnitsRun = { engine, seconds: 0 };
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'limit'>((resolve) => {
    timer = setTimeout(() => resolve('limit'), maxSeconds * 1000);
  });
  let overdue = false;
  const work = (async () => {
    const both = await startBoth(engine, systems);
    for (const system of [both.baseline, both.ours]) {
      if (overdue) return;
      log(`units on ${engine}: ${system.name} warm-up and latency run`);
      await warmUp(system, options);
      result[system.name] = await latencyRun(system, options);
      await system.stop();
    }
  })();
  try {
    const outcome = await Promise.race([work.then(() => 'done' as const), limit]);
    if (outcome === 'limit') {
      overdue = true;
      result.error = `time limit of ${maxSeconds} s (--units-max-seconds) reached`;
    }
  } catch (error) {
    result.error = (error as Error).message.split('\n')[0] ?? 'failed';
  } finally {
    clearTimeout(timer);
    await stopAll(systems);
    // past the limit the work may still be starting a stack (not yet in `systems`) or waiting on stopped ones:
    // give it a bounded while to settle, then stop whatever it started meanwhile
    await Promise.race([work.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 60_000).unref())]);
    await stopAll(systems);
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

async function main(): Promise<void> {
  const prices = JSON.parse(readFileSync(path.join(REPO_ROOT, 'bench', 'prices.json'), 'utf8')) as Prices;
  const options = parseOptions(prices);
  // the deploy runs nodejs22.x; the SDK's Node 20 notice is noise here
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // a load generator is a few clients on one address sending as fast as it can: the buckets are still
  // taken (and their DynamoDB requests counted), just wide enough that no simulated user is throttled
  for (const limit of [
    'RATE_LIMIT_VISITOR_MESSAGES',
    'RATE_LIMIT_SELLER_MESSAGES',
    'RATE_LIMIT_INIT_CHAT',
    'RATE_LIMIT_SOURCE_IP',
    'RATE_LIMIT_CHAT_STARTS_PER_ADDRESS',
    'RATE_LIMIT_NEW_VISITORS',
  ]) {
    process.env[limit] ??= '1000000/100000';
  }
  process.env.MAX_CONNECTIONS_PER_IDENTITY ??= '100000';
  // startStack hands this process's environment to offline: every handler logs its trace line, at the deploy's log level
  process.env.CHAT_TRACE = '1';
  const deployed = functionEnvironments(readServerlessFile(REPO_ROOT), { stage: 'bench' }).find((fn) => fn.name === 'sendMessage');
  process.env.LOG_LEVEL = deployed?.env.LOG_LEVEL ?? 'info';

  if (options.sse || options.assistant) {
    // its own process: it sets the environment of a stack of its own (bench/sse.ts, bench/assistant.ts)
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bench', options.sse ? 'sse.ts' : 'assistant.ts')], { stdio: 'inherit' });
    process.exitCode = run.status ?? 1;
    return;
  }

  if (options.tracing) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, 'tracing-cost.md'), runTracingCost({ runs: options.importRuns, print: (line) => console.log(line) }));
    return;
  }

  if (options.flashSale) {
    const output = holdOutput();
    const hardStop = hardStopAfter(options.maxSeconds, output);
    output.log(`flash sale: ${options.flashSale.sellers} sellers, ${options.flashSale.rate} InitChats a second for ${options.flashSale.seconds} s`);
    mkdirSync(RESULTS_DIR, { recursive: true });
    try {
      await runFlashSale({ engine: options.engine, maxChats: 5, resultsDir: RESULTS_DIR, ...options.flashSale, print: (text) => output.log(text) });
    } finally {
      output.release();
      clearTimeout(hardStop);
    }
    return;
  }

  const started = performance.now();
  const loadAtStart = loadAverage();
  const output = holdOutput();
  const log = output.log;
  // not cleared (it is unref'd): the limit covers writing the results too
  hardStopAfter(options.maxSeconds, output);

  const systems: System[] = [];
  let results: Results;
  let repeats: RunRatios[] = [];
  try {
    try {
      log(`starting ours and the baseline on ${options.engine} (LOG_LEVEL ${process.env.LOG_LEVEL}, CHAT_TRACE=1, sweep off)`);
      const { ours, baseline } = await startBoth(options.engine, systems);
      // one system after the other, so neither competes with the other for the 2 cores; the baseline goes
      // first, and every phase waits for its own $disconnects, so none of its late ones overlap ours
      const runs: { ours: SystemResult; baseline: SystemResult }[] = [];
      for (let n = 1; n <= options.repeat; n++) {
        if (options.repeat > 1) log(`run ${n} of ${options.repeat}`);
        const baseRun = await benchSystem(baseline, options.bench, log);
        const ourRun = await benchSystem(ours, options.bench, log);
        runs.push({ ours: ourRun, baseline: baseRun });
      }
      await stopAll(systems);
      // the first run's figures are the report's; the ratios of every run give their spread
      const { ours: ourResult, baseline: baseResult } = runs[0] as { ours: SystemResult; baseline: SystemResult };
      repeats = runs.map((r) => ratiosOf(r.ours, r.baseline));

      log(`measuring bundles and cold requires (${options.importRuns} per bundle${options.node22 ? ', and on the Node 22 binary' : ''})`);
      const bundleOptions = { runs: options.importRuns, stage: 'bench', node22: options.node22 };
      results = {
        run: {
          date: new Date().toISOString(),
          machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}`,
          engine: options.engine,
          unitsEngine: options.unitsEngine === 'none' ? options.engine : 'dynamodb-local',
          options: { ...options.bench, maxSeconds: options.maxSeconds, unitsEngine: options.unitsEngine, unitsMaxSeconds: options.unitsMaxSeconds, importRuns: options.importRuns },
          seconds: 0,
          loadAverage: { start: loadAtStart, end: [] },
        },
        ours: { ...ourResult, bundles: measureBundles(ours.serviceDir, bundleDir(ours.serviceDir, ESBUILD_WORK_FOLDER), bundleOptions) },
        baseline: { ...baseResult, bundles: measureBundles(baseline.serviceDir, bundleDir(baseline.serviceDir, ESBUILD_WORK_FOLDER), bundleOptions) },
        repeats,
        spreads: ratioSpreads(repeats),
      };
      if (options.unitsEngine === 'dynamodb-local') {
        if (options.engine === 'dynamodb-local') {
          // the timing run was on DynamoDB Local already: its units are the ones
          results.units = { engine: 'dynamodb-local', seconds: 0, ours: ourResult, baseline: baseResult };
        } else {
          log(`latency run once more on DynamoDB Local for its units (at most ${options.unitsMaxSeconds} s)`);
          results.units = await unitsRun('dynamodb-local', options.bench, options.unitsMaxSeconds, log);
          if (results.units.error) {
            log(`units run incomplete: ${results.units.error}`);
            results.run.unitsEngine = options.engine;
          }
        }
      }
      // the cost table is the first run's; the verdicts take each cost's median over the runs
      if (runs.length > 1)
        results.costRuns = ourCostsPerRun(
          results,
          runs.map((r) => r.ours),
          prices,
        );
    } finally {
      await stopAll(systems);
    }
  } finally {
    output.release();
  }
  results.run.seconds = (performance.now() - started) / 1000;
  results.run.loadAverage.end = loadAverage();

  const markdown = renderMarkdown(results, prices);
  const targets = targetsOf(results, prices);
  const cost = { ours: systemCosts(results, 'ours', prices), baseline: systemCosts(results, 'baseline', prices) };
  const hosted = prices.hosted.map((h) => ({ name: h.name, perMillion: hostedPerMillion(h) }));
  const svg = latencyChart('Send → receive latency: ours vs baseline', [
    { label: 'ours visitor → seller', color: '#1f6feb', samples: results.ours.samples.visitorToSeller },
    { label: 'ours seller → visitor', color: '#1f6feb', dashed: true, samples: results.ours.samples.sellerToVisitor },
    { label: 'baseline visitor → seller', color: '#d1670f', samples: results.baseline.samples.visitorToSeller },
    { label: 'baseline seller → visitor', color: '#d1670f', dashed: true, samples: results.baseline.samples.sellerToVisitor },
  ]);

  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'latest.md'), `${markdown}\n![latency distribution](latest.svg)\n`);
  writeFileSync(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify({ ...results, memory: memoryRows(results), cost, hosted, prices, targets }, null, 2)}\n`);
  writeFileSync(path.join(RESULTS_DIR, 'latest.svg'), svg);
  console.log(markdown);
  console.error(verdictLines(targets.verdicts).join('\n'));
  console.error(`[bench] done in ${results.run.seconds.toFixed(0)} s; wrote bench/results/latest.{md,json,svg}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
