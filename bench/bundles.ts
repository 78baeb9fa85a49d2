/**
 * Per-handler bundle size (from serverless-esbuild's metafile) and cold import time: each bundle required
 * by a fresh `node`, timed inside that process so node's own start-up is not counted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { summarize } from './stats';

export interface Bundle {
  handler: string;
  bytes: number;
  /** median of the fresh-process imports */
  coldImportMs: number;
}

/** serverless-esbuild writes `<handler>.js` and, with `metafile: true`, `<handler>-meta.json` beside it. */
export function bundleDir(serviceDir: string, workFolder: string): string {
  return path.join(serviceDir, workFolder, '.build', 'handlers');
}

function bytesFromMetafile(dir: string, handler: string): number {
  const metaFile = path.join(dir, `${handler}-meta.json`);
  if (!existsSync(metaFile)) throw new Error(`no esbuild metafile ${metaFile}`);
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { outputs: Record<string, { bytes: number }> };
  const output = Object.entries(meta.outputs).find(([file]) => file.endsWith(`${handler}.js`));
  if (!output) throw new Error(`${metaFile} names no ${handler}.js output`);
  return output[1].bytes;
}

const IMPORT_TIMER = [
  'const start = process.hrtime.bigint();',
  'require(process.argv[1]);',
  'process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));',
].join('\n');

function coldImportMs(file: string, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['-e', IMPORT_TIMER, file], {
      // handlers read their settings when they load (as a Lambda's INIT does): the deploy's variables, with a local endpoint
      env: {
        ...process.env,
        AWS_REGION: 'us-east-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        CHATS_TABLE: 'bench-chats',
        MESSAGES_TABLE: 'bench-chat-messages',
        ROUTING_TABLE: 'bench-routing',
        WEBSOCKET_API_ENDPOINT: 'http://127.0.0.1:9',
        SELLER_TOKEN_SECRET: 'bench',
      },
      timeout: 30_000,
      encoding: 'utf8',
    });
    samples.push(Number(out));
  }
  return summarize(samples).p50;
}

export function measureBundles(dir: string, runs = 3): Bundle[] {
  const handlers = readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => file.slice(0, -'.js'.length))
    .sort();
  return handlers.map((handler) => ({
    handler,
    bytes: bytesFromMetafile(dir, handler),
    coldImportMs: coldImportMs(path.resolve(dir, `${handler}.js`), runs),
  }));
}
