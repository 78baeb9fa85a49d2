/** Starts ONE local stack for the whole integration run and hands its endpoints to the tests through env vars. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, parseEngine } from '../../scripts/local-dynamodb';
import { startStack, type Stack } from '../../scripts/stack';

export interface TestRun {
  stack?: Stack;
  tempDir: string;
  esbuildWorkDir: string;
}

declare global {
  // globalSetup and globalTeardown run in the same process: this is how the stack reaches the teardown
  var chatTestRun: TestRun | undefined;
}

export function removeTestDirs(run: TestRun): void {
  rmSync(run.tempDir, { recursive: true, force: true });
  rmSync(run.esbuildWorkDir, { recursive: true, force: true });
}

export default async function globalSetup(): Promise<void> {
  const engine = parseEngine(process.env.DDB_ENGINE);
  // serverless-esbuild joins the work folder to the repo; a per-run name lets `npm start` bundle alongside
  const esbuildWorkFolder = `.esbuild-test-${process.pid}`;
  const run: TestRun = {
    tempDir: mkdtempSync(path.join(os.tmpdir(), 'seller-chat-test-')),
    esbuildWorkDir: path.join(REPO_ROOT, esbuildWorkFolder),
  };
  // every test client shares 127.0.0.1, so the per-address bucket would throttle the suite as a whole;
  // rate-limits.test.ts exercises the same buckets per device and on the limiter itself
  process.env.RATE_LIMIT_SOURCE_IP ??= '100000/10000';
  const startedAt = Date.now();
  try {
    run.stack = await startStack({
      engine,
      dataDir: path.join(run.tempDir, 'data'),
      stage: 'test',
      secret: randomBytes(32).toString('hex'),
      // CHAT_STACK_LOGS=1 shows the handlers' logs while debugging a failing test
      quiet: !process.env.CHAT_STACK_LOGS,
      esbuildWorkFolder,
    });
  } catch (error) {
    // jest skips the teardown when the setup fails
    removeTestDirs(run);
    throw error;
  }
  globalThis.chatTestRun = run;
  process.env.CHAT_HTTP_URL = run.stack.httpUrl;
  process.env.CHAT_WS_URL = run.stack.wsUrl;
  process.env.CHAT_DYNAMO_ENDPOINT = run.stack.dynamoEndpoint;
  process.env.CHAT_TOKEN_SECRET = run.stack.secret;
  process.env.CHAT_STAGE = run.stack.stage;
  console.log(`\nintegration stack on ${engine} up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}
