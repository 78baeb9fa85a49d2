/**
 * Per-handler bundle size (from serverless-esbuild's metafile) and cold import time: each bundle required
 * by a fresh `node`, timed inside that process so node's own start-up is not counted, with the
 * environment its function has on AWS (bench/function-env.ts), as a Lambda's INIT would load it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { envOfBundle, functionEnvironments, readServerlessFile } from './function-env';
import { summarize } from './stats';

/** Issue 10's budget for every handler bundle: ≤ 500 KB with the AWS SDK bundled (≤ 150 KB with `@aws-sdk/*` external), cold `require` ≤ 70 ms. */
export const BUNDLE_BUDGET = { maxKb: 500, maxKbSdkExternal: 150, maxColdImportMs: 70 } as const;

export interface Bundle {
  handler: string;
  bytes: number;
  /** median of the fresh-process imports */
  coldImportMs: number;
  /** every sample, in run order */
  coldImportSamples: number[];
  /** the functions of serverless.yml this bundle serves */
  functions: string[];
  /** whether the AWS SDK is inside the bundle (the metafile lists `@aws-sdk/*` inputs) or left external */
  sdkBundled: boolean;
  /** resident memory of the fresh node once the bundle is required (largest over the runs): the function's floor */
  rssAfterRequireMb: number;
  /** with --node22: the median cold require and the resident memory on that binary (Lambda's nodejs22.x) */
  node22?: { version: string; coldImportMs: number; coldImportSamples: number[]; rssAfterRequireMb: number };
}

/** serverless-esbuild writes `<handler>.js` and, with `metafile: true`, `<handler>-meta.json` beside it. */
export function bundleDir(serviceDir: string, workFolder: string): string {
  return path.join(serviceDir, workFolder, '.build', 'handlers');
}

function fromMetafile(dir: string, handler: string): { bytes: number; sdkBundled: boolean } {
  const metaFile = path.join(dir, `${handler}-meta.json`);
  if (!existsSync(metaFile)) throw new Error(`no esbuild metafile ${metaFile}`);
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { inputs?: Record<string, unknown>; outputs: Record<string, { bytes: number }> };
  const output = Object.entries(meta.outputs).find(([file]) => file.endsWith(`${handler}.js`));
  if (!output) throw new Error(`${metaFile} names no ${handler}.js output`);
  return { bytes: output[1].bytes, sdkBundled: Object.keys(meta.inputs ?? {}).some((input) => input.includes('node_modules/@aws-sdk/')) };
}

/** Requires the bundle, checks that it exports a handler function, prints the ms the require took. */
const IMPORT_TIMER = [
  'const start = process.hrtime.bigint();',
  'const loaded = require(process.argv[1]);',
  'const ms = Number(process.hrtime.bigint() - start) / 1e6;',
  "if (typeof loaded.handler !== 'function') { console.error('no handler export'); process.exit(3); }",
  'process.stdout.write(`${ms} ${process.memoryUsage().rss}`);',
].join('\n');

function coldImportSamples(file: string, env: Record<string, string>, runs: number, nodeBinary = process.execPath): { samples: number[]; rssMb: number } {
  const samples: number[] = [];
  let rssMb = 0;
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(nodeBinary, ['-e', IMPORT_TIMER, file], {
      // only the function's own environment (and what node needs to run), not the benchmark's
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      timeout: 30_000,
      encoding: 'utf8',
    });
    const [ms, rss] = out.split(' ').map(Number) as [number, number];
    if (!Number.isFinite(ms) || !Number.isFinite(rss)) throw new Error(`cold import of ${file} printed "${out}"`);
    samples.push(ms);
    rssMb = Math.max(rssMb, rss / 2 ** 20);
  }
  return { samples, rssMb };
}

/** Every bundle of `serviceDir`'s build, each required `runs` times in a fresh node with its function's environment (and `env`, if given). */
export function measureBundles(serviceDir: string, dir: string, options: { runs: number; stage: string; env?: Record<string, string>; node22?: string }): Bundle[] {
  const node22Version = options.node22 ? execFileSync(options.node22, ['--version'], { encoding: 'utf8' }).trim() : undefined;
  const envs = functionEnvironments(readServerlessFile(serviceDir), { stage: options.stage });
  const handlers = readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => file.slice(0, -'.js'.length))
    .sort();
  return handlers.map((handler) => {
    const env = envOfBundle(envs, handler);
    if (!env) throw new Error(`bundle ${handler}.js belongs to no function of ${serviceDir}/serverless.yml`);
    const file = path.resolve(dir, `${handler}.js`);
    const { samples, rssMb } = coldImportSamples(file, { ...env, ...options.env }, options.runs);
    const on22 = options.node22 ? coldImportSamples(file, { ...env, ...options.env }, options.runs, options.node22) : undefined;
    return {
      handler,
      ...fromMetafile(dir, handler),
      coldImportMs: summarize(samples).p50,
      coldImportSamples: samples,
      rssAfterRequireMb: rssMb,
      ...(on22 && node22Version
        ? { node22: { version: node22Version, coldImportMs: summarize(on22.samples).p50, coldImportSamples: on22.samples, rssAfterRequireMb: on22.rssMb } }
        : {}),
      functions: envs.filter((fn) => path.basename(fn.handlerFile) === handler).map((fn) => fn.name),
    };
  });
}

/** The size budget of a bundle: 500 KB with the AWS SDK inside, 150 KB when it is external. */
export function sizeBudgetKb(bundle: Pick<Bundle, 'sdkBundled'>): number {
  return bundle.sdkBundled ? BUNDLE_BUDGET.maxKb : BUNDLE_BUDGET.maxKbSdkExternal;
}

export function withinBudget(bundle: Pick<Bundle, 'bytes' | 'coldImportMs' | 'sdkBundled'>): { size: boolean; coldImport: boolean } {
  return { size: bundle.bytes / 1024 <= sizeBudgetKb(bundle), coldImport: bundle.coldImportMs <= BUNDLE_BUDGET.maxColdImportMs };
}
