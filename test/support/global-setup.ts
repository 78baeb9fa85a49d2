/** Starts ONE local stack for the whole integration run and hands its endpoints to the tests through env vars. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, parseEngine } from '../../scripts/local-dynamodb';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, startStack, type Stack } from '../../scripts/stack';
import { startFaultProxy, type FaultProxy, type FaultRule } from './fault-proxy';
import { buildWeb, startWebServer, type WebServer } from '../../scripts/web';

export interface TestRun {
  stack?: Stack;
  /** loopback endpoint through which tests inject faults into the stack (fault.test.ts) */
  control?: Server;
  /** between the handlers and DynamoDB: fails requests when a test arms it (fault.test.ts) */
  faults?: FaultProxy;
  /** the demo shop and the dashboard, for the browser tests */
  web?: WebServer;
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
  // the per-address chat-start and new-visitor buckets skip the suite's own address (offline gives every
  // socket 127.0.0.1); hardening/address-limits.test.ts calls from 127.0.0.2 and 127.0.0.3, which they bind
  process.env.RATE_LIMIT_EXEMPT_ADDRESSES ??= '127.0.0.1';
  // one seller whose widget only a listed shop may embed (origins.test.ts)
  process.env.WIDGET_ORIGINS ??= JSON.stringify({ 'origin-locked-seller': ['https://shop.example'] });
  // one seller whose chats only visitor sessions may start (visitor-sessions.test.ts)
  process.env.DEVICE_SESSIONS_OFF ??= 'sessions-only-seller';
  // one shop that signs its logged-in customers (visitor-sessions.test.ts)
  process.env.CUSTOMER_SECRETS ??= JSON.stringify({ 'customer-shop': 'customer-shop-test-secret' });
  // routing.test.ts: a team whose sellers must answer within 2 s, a shop that is closed (open one minute a
  // week), and a team with its own auto-reply
  process.env.FIRST_RESPONSE_SECONDS ??= JSON.stringify({ 'sla-team': 2 });
  process.env.BUSINESS_HOURS ??= JSON.stringify({ 'closed-shop': { timeZone: 'UTC', hours: { mon: '00:00-00:01' } } });
  process.env.AUTO_REPLIES ??= JSON.stringify({ 'quiet-team': { offline: 'The quiet team is out; leave your email.' } });
  // knowledge.test.ts fills a target's knowledge base to its document limit in a few requests
  process.env.KNOWLEDGE_MAX_DOCS ??= '3';
  // the shop's assistant answers these targets' waiting chats, and the first ones' new chats before any person (assistant.test.ts);
  // conversations.test.ts asks over the conversation API: one shop with documents, one without
  process.env.ASSISTANT ??= JSON.stringify({
    'assistant-shop': 'waiting',
    'assistant-shop-2': 'waiting',
    'assistant-first': 'first',
    'assistant-first-team': 'first',
    'assistant-limited': 'waiting',
    'conversation-shop': 'waiting',
    'conversation-handoff-shop': 'waiting',
  });
  // one shop whose assistant may answer once a minute (assistant.test.ts); the rest as many as the suite asks
  process.env.ASSISTANT_ANSWERS_PER_MINUTE ??= JSON.stringify({ 'assistant-limited': 1, '*': 100_000 });
  const startedAt = Date.now();
  try {
    // the handlers reach DynamoDB through the fault proxy; the tests' own reads go straight to it
    const dynamoPort = await freePort();
    run.faults = await startFaultProxy(() => `http://127.0.0.1:${dynamoPort}`);
    run.stack = await startStack({
      engine,
      ports: { dynamo: dynamoPort },
      handlerDynamoEndpoint: run.faults.endpoint,
      dataDir: path.join(run.tempDir, 'data'),
      stage: 'test',
      secret: randomBytes(32).toString('hex'),
      // CHAT_STACK_LOGS=1 shows the handlers' logs while debugging a failing test
      quiet: !process.env.CHAT_STACK_LOGS,
      esbuildWorkFolder,
      // the grace-period sweep runs every second, so tests that backdate a seller's absence see it act at once
      sweepIntervalMs: 1000,
    });
  } catch (error) {
    // jest skips the teardown when the setup fails
    await run.faults?.stop();
    removeTestDirs(run);
    throw error;
  }
  globalThis.chatTestRun = run;
  run.control = await startControl(run.stack, run.faults);
  process.env.CHAT_CONTROL_URL = `http://127.0.0.1:${(run.control.address() as AddressInfo).port}`;
  process.env.CHAT_HTTP_URL = run.stack.httpUrl;
  process.env.CHAT_WS_URL = run.stack.wsUrl;
  process.env.CHAT_STREAM_URL = run.stack.streamUrl;
  process.env.CHAT_DYNAMO_ENDPOINT = run.stack.dynamoEndpoint;
  process.env.CHAT_S3_ENDPOINT = run.stack.s3Endpoint;
  process.env.CHAT_DATA_DIR = path.join(run.tempDir, 'data');
  process.env.CHAT_LAMBDA_PORT = String(run.stack.ports.lambda);
  process.env.CHAT_TOKEN_SECRET = run.stack.secret;
  process.env.CHAT_STAGE = run.stack.stage;
  // the bundles go to the run's temp dir, so a test run never touches what `npm start` serves
  const distDir = path.join(run.tempDir, 'web-dist');
  await buildWeb(distDir);
  run.web = await startWebServer({ port: 0, wsUrl: run.stack.wsUrl, httpUrl: run.stack.httpUrl, distDir, localTokenSecret: run.stack.secret });
  process.env.CHAT_WEB_URL = run.web.url;
  console.log(`\nintegration stack on ${engine} up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}

/**
 * `POST /restart-dynamo?downMs=N` and `POST /dynamo-faults` (a FaultRule as JSON; answers how many
 * requests the proxy failed so far): the tests live in other contexts than this process's stack handle.
 */
async function startControl(stack: Stack, faults: FaultProxy): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'POST' && url.pathname === '/dynamo-faults') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (text) faults.arm(JSON.parse(text) as FaultRule);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ failed: faults.failed() }));
      });
      return;
    }
    if (request.method !== 'POST' || url.pathname !== '/restart-dynamo') {
      response.writeHead(404).end();
      return;
    }
    const downMs = Math.min(Number(url.searchParams.get('downMs') ?? 1000), 10_000);
    stack.restartDynamo(downMs).then(
      () => response.writeHead(204).end(),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
