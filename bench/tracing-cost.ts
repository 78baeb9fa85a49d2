/**
 * What TRACING=true costs each bundle: `serverless package` with tracing off and on, then every
 * bundle's size and median cold `require` (bench/bundles.ts) both ways. Lambda's own variables
 * are set for the require, since the Powertools tracer turns itself on (and patches http) only
 * on Lambda. Run: `npm run bench -- --tracing [--import-runs 5]`; it writes
 * bench/results/tracing-cost.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageService } from '../test/support/service-package';
import { measureBundles, type Bundle } from './bundles';

const REPO_ROOT = path.resolve(__dirname, '..');
const LAMBDA_ENV = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', LAMBDA_TASK_ROOT: '/var/task' };

/** Packages the service with TRACING=`tracing` and writes each function's bundle and metafile to `dir/handlers`. */
function packageInto(dir: string, tracing: boolean): void {
  const { bundles } = packageService(path.join(dir, 'package'), { stage: 'bench', env: { TRACING: String(tracing) } });
  mkdirSync(path.join(dir, 'handlers'));
  for (const { handler, code, meta } of bundles) {
    writeFileSync(path.join(dir, `${handler}.js`), code);
    writeFileSync(path.join(dir, `${handler}-meta.json`), meta);
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
    rmSync(path.join(REPO_ROOT, `.esbuild-package-${process.pid}`), { recursive: true, force: true });
  }
}
