/**
 * `npm run bench`: the same load against ours and the baseline on one local stack (127.0.0.1 only),
 * then bundles, cost and a chart. Bounded: a time budget per system, and a hard stop for the whole run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { REPO_ROOT, parseEngine } from '../scripts/local-dynamodb';
import { bundleDir, measureBundles } from './bundles';
import { latencyChart } from './chart';
import { costPerMillion, hostedPerMillion, usagePerMessage, type Prices } from './cost';
import { renderMarkdown, type Results } from './report';
import { benchSystem } from './scenario';
import { ESBUILD_WORK_FOLDER, pickPorts, startBaseline, startOurs, type System } from './systems';

const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');
const HELP = `npm run bench -- [--visitors 20] [--sellers 5] [--messages 10] [--concurrency 8]
  [--connect-concurrency 8] [--levels 2,100,1000] [--level-messages 100] [--max-seconds 300]
  [--engine dynalite|dynamodb-local] [--import-runs 1]`;

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got "${raw}"\n${HELP}`);
  return value;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      visitors: { type: 'string' },
      sellers: { type: 'string' },
      messages: { type: 'string' },
      concurrency: { type: 'string' },
      'connect-concurrency': { type: 'string' },
      levels: { type: 'string' },
      'level-messages': { type: 'string' },
      'max-seconds': { type: 'string' },
      engine: { type: 'string' },
      'import-runs': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const levels = (values.levels ?? '2,100,1000').split(',').map((n) => positive('levels', n.trim(), 0));
  return {
    bench: {
      visitors: positive('visitors', values.visitors, 20),
      sellers: positive('sellers', values.sellers, 5),
      messagesPerChat: positive('messages', values.messages, 10),
      concurrency: positive('concurrency', values.concurrency, 8),
      connectConcurrency: positive('connect-concurrency', values['connect-concurrency'], 8),
      levels,
      levelMessages: positive('level-messages', values['level-messages'], 100),
      waitMs: 10_000,
    },
    maxSeconds: positive('max-seconds', values['max-seconds'], 300),
    engine: parseEngine(values.engine ?? process.env.DDB_ENGINE),
    importRuns: positive('import-runs', values['import-runs'], 1),
  };
}

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<void> {
  const options = parseOptions();
  // the deploy runs nodejs22.x; the SDK's Node 20 notice is noise here
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // a load generator is a few clients on one address sending as fast as it can: the buckets are still
  // taken (and their DynamoDB requests counted), just wide enough that no simulated user is throttled
  for (const limit of ['RATE_LIMIT_VISITOR_MESSAGES', 'RATE_LIMIT_SELLER_MESSAGES', 'RATE_LIMIT_INIT_CHAT', 'RATE_LIMIT_SOURCE_IP']) {
    process.env[limit] ??= '1000000/100000';
  }
  process.env.MAX_CONNECTIONS_PER_IDENTITY ??= '100000';
  const started = performance.now();
  // the hard stop: whatever hangs, the run ends and the exit hooks kill the children
  const hardStop = setTimeout(() => {
    console.error(`bench: hard time limit of ${options.maxSeconds} s reached, stopping`);
    process.exit(2);
  }, options.maxSeconds * 1000);
  hardStop.unref();

  const systems: System[] = [];
  let results: Results;
  try {
    log(`starting ours and the baseline on ${options.engine}`);
    // both services bundle and start side by side; the baseline's table is created once the engine is up
    const ports = await pickPorts();
    const [ourStart, baseStart] = await Promise.allSettled([
      startOurs(options.engine, ports.ours),
      startBaseline(`http://127.0.0.1:${ports.ours.dynamo}`, ports.baseline),
    ]);
    if (ourStart.status === 'fulfilled') systems.push(ourStart.value);
    if (baseStart.status === 'fulfilled') systems.push(baseStart.value);
    if (ourStart.status === 'rejected') throw ourStart.reason;
    if (baseStart.status === 'rejected') throw baseStart.reason;
    const ours = ourStart.value;
    const baseline = baseStart.value;
    await baseline.ready();
    // one system after the other, so neither competes with the other for the 2 cores;
    // the baseline goes first and is stopped before ours runs, so none of its late $disconnects overlap ours
    const baseResult = await benchSystem(baseline, options.bench, log);
    await baseline.stop();
    const ourResult = await benchSystem(ours, options.bench, log);
    for (const system of systems.splice(0).reverse()) await system.stop();

    log('measuring bundles and cold imports');
    results = {
      run: {
        date: new Date().toISOString(),
        machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}`,
        engine: options.engine,
        options: { ...options.bench, maxSeconds: options.maxSeconds },
        seconds: 0,
        // other work on the machine skews every timing figure: recorded so a reader can tell
        loadAverageAtEnd: os.loadavg().map((n) => Number(n.toFixed(2))),
      },
      ours: { ...ourResult, bundles: measureBundles(bundleDir(ours.serviceDir, ESBUILD_WORK_FOLDER), options.importRuns) },
      baseline: { ...baseResult, bundles: measureBundles(bundleDir(baseline.serviceDir, ESBUILD_WORK_FOLDER), options.importRuns) },
    };
  } finally {
    for (const system of systems.reverse()) await system.stop().catch(() => undefined);
  }
  results.run.seconds = (performance.now() - started) / 1000;

  const prices = JSON.parse(readFileSync(path.join(REPO_ROOT, 'bench', 'prices.json'), 'utf8')) as Prices;
  const markdown = renderMarkdown(results, prices);
  const cost = Object.fromEntries(
    (['ours', 'baseline'] as const).map((name) => {
      const r = results[name];
      const usage = usagePerMessage(r.phases, prices.session, r.lambda.memoryMb);
      return [name, { usagePerMessage: usage, perMillion: costPerMillion(usage, prices, r.lambda.architecture) }];
    }),
  );
  const hosted = prices.hosted.map((h) => ({ name: h.name, perMillion: hostedPerMillion(h) }));
  const svg = latencyChart('Send → receive latency: ours vs baseline', [
    { label: 'ours visitor → seller', color: '#1f6feb', samples: results.ours.samples.visitorToSeller },
    { label: 'ours seller → visitor', color: '#1f6feb', dashed: true, samples: results.ours.samples.sellerToVisitor },
    { label: 'baseline visitor → seller', color: '#d1670f', samples: results.baseline.samples.visitorToSeller },
    { label: 'baseline seller → visitor', color: '#d1670f', dashed: true, samples: results.baseline.samples.sellerToVisitor },
  ]);

  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'latest.md'), `${markdown}\n![latency distribution](latest.svg)\n`);
  writeFileSync(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify({ ...results, cost, hosted, prices }, null, 2)}\n`);
  writeFileSync(path.join(RESULTS_DIR, 'latest.svg'), svg);
  console.log(markdown);
  log(`done in ${results.run.seconds.toFixed(0)} s; wrote bench/results/latest.{md,json,svg}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
