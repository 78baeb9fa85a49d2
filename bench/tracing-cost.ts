/**
 * What TRACING=true costs each bundle: `serverless package` with tracing off and on, then every
 * bundle's size and median cold `require` (bench/bundles.ts) both ways. Lambda's own variables
 * are set for the require, since the Powertools tracer turns itself on (and patches http) only
 * on Lambda. Run: `npm run bench -- --tracing [--import-runs 5]`; it writes
 * bench/results/tracing-cost.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipEntries } from '../test/support/zip-entries';
import { measureBundles, type Bundle } from './bundles';

const REPO_ROOT = path.resolve(__dirname, '..');
const LAMBDA_ENV = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', LAMBDA_TASK_ROOT: '/var/task' };

/** Packages the service with TRACING=`tracing` and writes each function's bundle and metafile to `dir/handlers`. */
function packageInto(dir: string, tracing: boolean): void {
  const packageDir = path.join(dir, 'package');
  execFileSync(process.execPath, ['node_modules/serverless/bin/serverless.js', 'package', '--stage', 'bench', '--package', packageDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, TRACING: String(tracing), SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', ESBUILD_WORK_FOLDER: `.esbuild-tracing-cost-${process.pid}` },
    stdio: 'pipe',
  });
  const resources = JSON.parse(readFileSync(path.join(packageDir, 'cloudformation-template-update-stack.json'), 'utf8')).Resources as Record<string, { Type: string; Properties: any }>;
  mkdirSync(path.join(dir, 'handlers'));
  for (const fn of Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
    const handler = String(fn.Properties.Handler).replace(/\.[^.]+$/, '');
    const files = zipEntries(path.join(packageDir, path.basename(fn.Properties.Code.S3Key)), (name) => name === `${handler}.js` || name === `${handler}-meta.json`);
    for (const [name, data] of files) writeFileSync(path.join(dir, name), data);
  }
}

/** Both packages, measured; the table, printed and returned. */
export function runTracingCost(options: { runs: number; print: (line: string) => void }): string {
  const { runs } = options;
  const work = mkdtempSync(path.join(tmpdir(), 'seller-chat-tracing-cost-'));
  try {
    const measured: Record<'off' | 'on', Bundle[]> = { off: [], on: [] };
    for (const mode of ['off', 'on'] as const) {
      const dir = path.join(work, mode);
      mkdirSync(dir);
      packageInto(dir, mode === 'on');
      measured[mode] = measureBundles(REPO_ROOT, path.join(dir, 'handlers'), { runs, stage: 'bench', env: LAMBDA_ENV });
    }
    const lines = [`| bundle | KB off | KB on | cold require ms off | on (median of ${runs}) |`, '|---|---|---|---|---|'];
    for (const off of measured.off) {
      const on = measured.on.find((bundle) => bundle.handler === off.handler);
      const kb = (bundle?: Bundle) => (bundle ? (bundle.bytes / 1024).toFixed(0) : '-');
      const ms = (bundle?: Bundle) => (bundle ? bundle.coldImportMs.toFixed(1) : '-');
      lines.push(`| ${off.handler} | ${kb(off)} | ${kb(on)} | ${ms(off)} | ${ms(on)} |`);
    }
    for (const line of lines) options.print(line);
    return `${lines.join('\n')}\n`;
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(path.join(REPO_ROOT, `.esbuild-tracing-cost-${process.pid}`), { recursive: true, force: true });
  }
}

