/** `serverless package` into a folder, and each function's bundle and metafile read back from its zip. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipEntries } from './zip-entries';

export type Resource = { Type: string; Properties: Record<string, any> };

/** A function's bundle as packaged: `handler` is its path without the extension (`handlers/ping`). */
export interface PackagedBundle {
  handler: string;
  code: Buffer;
  meta: Buffer;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Packages the service for `stage` into `packageDir` with `env` added to this process's environment
 * (its own esbuild work folder: a test stack or `npm start` may be bundling into the default one).
 */
export function packageService(packageDir: string, options: { stage: string; env?: Record<string, string>; timeoutMs?: number }): { resources: Record<string, Resource>; bundles: PackagedBundle[] } {
  execFileSync(process.execPath, ['node_modules/serverless/bin/serverless.js', 'package', '--stage', options.stage, '--package', packageDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', ESBUILD_WORK_FOLDER: `.esbuild-package-${process.pid}` },
    stdio: 'pipe',
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  const resources: Record<string, Resource> = JSON.parse(readFileSync(path.join(packageDir, 'cloudformation-template-update-stack.json'), 'utf8')).Resources;
  const bundles = Object.values(resources)
    .filter((r) => r.Type === 'AWS::Lambda::Function')
    .map((fn) => {
      const handler = String(fn.Properties.Handler).replace(/\.[^.]+$/, '');
      const files = zipEntries(path.join(packageDir, path.basename(fn.Properties.Code.S3Key)), (name) => name === `${handler}.js` || name === `${handler}-meta.json`);
      const code = files.get(`${handler}.js`);
      const meta = files.get(`${handler}-meta.json`);
      if (code === undefined || meta === undefined) throw new Error(`the package of ${handler} holds no bundle or metafile`);
      return { handler, code, meta };
    });
  return { resources, bundles };
}
