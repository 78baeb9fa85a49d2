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
  'process.stdout.write(String(ms));',
].join('\n');

function coldImportSamples(file: string, env: Record<string, string>, runs: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['-e', IMPORT_TIMER, file], {
      // only the function's own environment (and what node needs to run), not the benchmark's
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      timeout: 30_000,
      encoding: 'utf8',
    });
    const ms = Number(out);
    if (!Number.isFinite(ms)) throw new Error(`cold import of ${file} printed "${out}"`);
    samples.push(ms);
  }
  return samples;
}

/** Every bundle of `serviceDir`'s build, each required `runs` times in a fresh node with its function's environment (and `env`, if given). */
export function measureBundles(serviceDir: string, dir: string, options: { runs: number; stage: string; env?: Record<string, string> }): Bundle[] {
  const envs = functionEnvironments(readServerlessFile(serviceDir), { stage: options.stage });
  const handlers = readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => file.slice(0, -'.js'.length))
    .sort();
  return handlers.map((handler) => {
    const env = envOfBundle(envs, handler);
    if (!env) throw new Error(`bundle ${handler}.js belongs to no function of ${serviceDir}/serverless.yml`);
    const samples = coldImportSamples(path.resolve(dir, `${handler}.js`), { ...env, ...options.env }, options.runs);
    return {
      handler,
      ...fromMetafile(dir, handler),
      coldImportMs: summarize(samples).p50,
      coldImportSamples: samples,
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
