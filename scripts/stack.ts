/** The whole backend on one machine: local DynamoDB with the tables and the local S3 with the attachments bucket, then serverless-offline on top. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT, SERVICE, ensureTables, startDynamo, type DynamoEngine, type LocalDynamo } from './local-dynamodb';
import { startLocalS3, type LocalS3 } from './local-s3';
import { ErrorLines, OutputTail, killOnExit, openOutputLog, pollUntil, portAnswers, terminate } from './process-tools';
import { readSetting } from '../lib/platform/settings';
import { functionEnvironments, readServerlessFile } from '../bench/function-env';

const SERVERLESS_BIN = path.join(REPO_ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');
const START_TIMEOUT_MS = 90_000;

export interface StackPorts {
  http: number;
  ws: number;
  lambda: number;
  dynamo: number;
  s3: number;
  /** the conversation API's streaming function (scripts/stream-server.ts) */
  stream: number;
}

export interface StackOptions {
  engine?: DynamoEngine;
  /** Where the database lives; in memory when omitted. */
  dataDir?: string;
  /** Ports left out are picked free. */
  ports?: Partial<StackPorts>;
  stage?: string;
  secret: string;
  /** Keep serverless-offline's output to ourselves unless it fails to start. */
  quiet?: boolean;
  /**
   * Appends serverless-offline's output to this file too (after a line marking the start). When not
   * quiet, the terminal then gets only its error lines (isErrorLine in process-tools.ts), unless `verbose`.
   */
  logFile?: string;
  /** With logFile and not quiet: the terminal still gets all of serverless-offline's output. */
  verbose?: boolean;
  /** Relative to the repo: serverless-esbuild joins it to the service dir. */
  esbuildWorkFolder?: string;
  /** DYNAMODB_ENDPOINT the handlers get, when it differs from the engine's (the benchmark's counting proxy). */
  handlerDynamoEndpoint?: string;
  /** LOCAL_MANAGEMENT_ENDPOINT the handlers get, when it is not offline's own (the benchmark's latency proxy). */
  handlerManagementEndpoint?: string;
  /** Sees serverless-offline's output too, quiet or not (the benchmark reads the per-invocation durations). */
  onOutput?: (text: string) => void;
  /**
   * How often the grace-period sweep runs (AWS runs it every minute on a schedule; the stack turns
   * offline's own copy of that schedule off and invokes it at this interval instead); 0 turns it off. SWEEP_INTERVAL_SECONDS or 60 s by default.
   */
  sweepIntervalMs?: number;
}

export interface OfflineOptions {
  /** The serverless service to run; the repo root when omitted. */
  serviceDir?: string;
  stage: string;
  ports: Pick<StackPorts, 'http' | 'ws' | 'lambda'>;
  dynamoEndpoint: string;
  /** the local S3 (the attachments bucket); none for a service without one */
  s3Endpoint?: string;
  secret?: string;
  quiet?: boolean;
  /** As StackOptions.logFile. */
  logFile?: string;
  /** As StackOptions.verbose. */
  verbose?: boolean;
  esbuildWorkFolder?: string;
  onOutput?: (text: string) => void;
  /** false for a service without HTTP events: offline then never opens its HTTP port */
  waitForHttp?: boolean;
  /** LOCAL_MANAGEMENT_ENDPOINT for the handlers (the benchmark's latency proxy); offline's own when unset */
  managementEndpoint?: string;
  /** where afterConnect keeps the events that failed (the local stand-in for its on-failure queue) */
  afterConnectFailuresDir?: string;
}

export interface RunningOffline {
  stop(): Promise<void>;
}

export interface Stack {
  httpUrl: string;
  wsUrl: string;
  /** the base URL of the conversation API (`/v1/chat/conversations`), whose answers stream */
  streamUrl: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  secret: string;
  stage: string;
  ports: StackPorts;
  /** Stops the database, waits `downMs`, starts it again on the same port and data: a fault for tests. */
  restartDynamo(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** The credentials the local stack's handlers sign with; the local S3 checks links and forms against them. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** Ports nothing listens on right now; held open together so no two of them are the same. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => net.createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.once('error', reject);
            server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
          }),
      ),
    );
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port as number;
}

/** DATA_DIR resolved against the repo, so `npm start` and `npm run token` always agree. */
export function localDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(REPO_ROOT, readSetting('DATA_DIR', env) as string);
}

/** The token secret of a local data dir: generated once, then reused so tokens survive restarts. */
/** Where a local stack keeps afterConnect's failed events (see lib/jobs/after-connect-failures.ts). */
export const afterConnectFailuresDir = (dataDir: string): string => path.join(dataDir, 'after-connect-failures');

export function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'token-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // a concurrent first run wrote it first: use theirs
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

async function resolvePorts(wanted: Partial<StackPorts> = {}): Promise<StackPorts> {
  const spare = await freePorts(6);
  const next = () => spare.pop() as number;
  return {
    http: wanted.http ?? next(),
    ws: wanted.ws ?? next(),
    lambda: wanted.lambda ?? next(),
    dynamo: wanted.dynamo ?? next(),
    s3: wanted.s3 ?? next(),
    stream: wanted.stream ?? next(),
  };
}

/** Fails fast: a busy HTTP port would otherwise pass the readiness check while offline dies behind it. */
async function assertPortsFree(ports: StackPorts): Promise<void> {
  for (const [name, port] of Object.entries(ports)) {
    if (await portAnswers(port)) throw new Error(`port ${port} (${name}) is already in use`);
  }
}

/** Starts the database, ensures the tables, then serverless-offline; resolves once its HTTP and WS ports answer. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const stage = options.stage ?? 'local';
  const engine = options.engine ?? 'dynalite';
  const ports = await resolvePorts(options.ports);
  await assertPortsFree(ports);
  const db = await startDynamo({ engine, port: ports.dynamo, dataDir: options.dataDir });
  let s3: LocalS3 | undefined;
  try {
    await ensureTables({ endpoint: db.endpoint, stage });
    s3 = await startLocalS3({ port: ports.s3, stage, dataDir: options.dataDir, credentials: LOCAL_CREDENTIALS });
    const offline = await startOffline({
      stage,
      ports,
      dynamoEndpoint: options.handlerDynamoEndpoint ?? db.endpoint,
      s3Endpoint: s3.endpoint,
      managementEndpoint: options.handlerManagementEndpoint,
      secret: options.secret,
      quiet: options.quiet,
      logFile: options.logFile,
      verbose: options.verbose,
      esbuildWorkFolder: options.esbuildWorkFolder,
      onOutput: options.onOutput,
      ...(options.dataDir ? { afterConnectFailuresDir: afterConnectFailuresDir(options.dataDir) } : {}),
    });
    let streaming: RunningOffline;
    try {
      streaming = await startStreamServer({
        stage,
        ports,
        dynamoEndpoint: options.handlerDynamoEndpoint ?? db.endpoint,
        s3Endpoint: s3.endpoint,
        secret: options.secret,
        quiet: options.quiet,
        logFile: options.logFile,
        verbose: options.verbose,
        onOutput: options.onOutput,
      });
    } catch (error) {
      await offline.stop();
      throw error;
    }
    const restart = async () => startDynamo({ engine, port: ports.dynamo, dataDir: options.dataDir });
    const sweeper = startSweeper(stage, ports.lambda, options.sweepIntervalMs ?? Number(readSetting('SWEEP_INTERVAL_SECONDS')) * 1000);
    const files = s3;
    return stackOf(
      options.secret,
      stage,
      ports,
      db,
      {
        stop: () =>
          sweeper
            .stop()
            .then(() => Promise.all([streaming.stop(), offline.stop()]))
            .then(() => files.stop()),
      },
      restart,
      files.endpoint,
    );
  } catch (error) {
    await s3?.stop();
    await db.stop();
    throw error;
  }
}

/**
 * Invokes the sweep function through offline's Lambda endpoint every `intervalMs`, one run at a
 * time (a slow run is not overlapped); stopping waits for the run in flight.
 */
function startSweeper(stage: string, lambdaPort: number, intervalMs: number): { stop(): Promise<void> } {
  if (!(intervalMs > 0)) return { stop: async () => undefined };
  const url = `http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${SERVICE}-${stage}-sweep/invocations`;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(() =>
      stopped
        ? undefined
        : fetch(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(intervalMs * 5 + 10_000) }).then(
            (r) => r.arrayBuffer(),
            () => undefined,
          ),
    );
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running.catch(() => undefined);
    },
  };
}

function stackOf(
  secret: string,
  stage: string,
  ports: StackPorts,
  firstDb: LocalDynamo,
  offline: RunningOffline,
  startAgain: () => Promise<LocalDynamo>,
  s3Endpoint: string,
): Stack {
  let stopped: Promise<void> | undefined;
  let db = firstDb;
  return {
    httpUrl: `http://127.0.0.1:${ports.http}`,
    wsUrl: `ws://127.0.0.1:${ports.ws}`,
    streamUrl: `http://127.0.0.1:${ports.stream}`,
    dynamoEndpoint: firstDb.endpoint,
    s3Endpoint,
    secret,
    stage,
    ports,
    async restartDynamo(downMs) {
      await db.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      db = await startAgain();
    },
    stop: () => (stopped ??= offline.stop().then(() => db.stop())),
  };
}

/** The environment of the local handlers, serverless-offline's and the stream server's alike. */
export function localHandlerEnv(
  options: Pick<OfflineOptions, 'stage' | 'dynamoEndpoint' | 's3Endpoint' | 'secret' | 'quiet' | 'esbuildWorkFolder' | 'afterConnectFailuresDir' | 'managementEndpoint'> & {
    ports: Pick<StackPorts, 'http' | 'ws' | 'lambda'>;
  },
): NodeJS.ProcessEnv {
  const { stage, ports, secret, quiet = false } = options;
  return {
    ...process.env,
    // a developer's real AWS profile must never reach the local stack
    AWS_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    HTTP_PORT: String(ports.http),
    WS_PORT: String(ports.ws),
    LAMBDA_PORT: String(ports.lambda),
    DYNAMODB_ENDPOINT: options.dynamoEndpoint,
    ...(options.s3Endpoint ? { S3_ENDPOINT: options.s3Endpoint } : {}),
    LOCAL_MANAGEMENT_ENDPOINT: options.managementEndpoint,
    SELLER_TOKEN_SECRET: secret,
    STAGE: stage,
    ESBUILD_WORK_FOLDER: options.esbuildWorkFolder ?? '.esbuild',
    LOG_LEVEL: quiet ? 'warn' : readSetting('LOG_LEVEL'),
    // the sweep's schedule is run by startStack at an interval it chooses (tests: 1 s), never by offline
    SWEEP_SCHEDULE: 'false',
    ...(options.afterConnectFailuresDir
      ? { AFTER_CONNECT_FAILURES_DIR: options.afterConnectFailuresDir, AFTER_CONNECT_FAULT_FILE: path.join(options.afterConnectFailuresDir, '..', 'after-connect-fault') }
      : {}),
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    // the deploy runs nodejs22.x; locally Node 20 is expected, so the SDK's upgrade nag is noise
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** serverless-offline for one service; resolves once its HTTP and WS ports answer. */
/**
 * serverless-offline copies each function's code into `<tmp>/<function>-<pid>-<ms>-<hash>` (every
 * bundle's metafiles too: about 0.5 GB a start) and removes them only on a shutdown it runs itself,
 * which a terminated process group never does. Once ours is stopped, the folders of every process
 * that no longer runs go (the pid in the name is offline's own process, not always the one we spawned).
 */
function removeLambdaDirs(): void {
  const pattern = /^[A-Za-z0-9]+-(\d+)-\d+-[0-9a-f]+$/;
  for (const name of readdirSync(os.tmpdir())) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (pid && !isRunning(pid)) rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user's process
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startOffline(options: OfflineOptions): Promise<RunningOffline> {
  const { stage, ports, quiet = false, onOutput } = options;
  const env = localHandlerEnv(options);
  // opened first: a log that cannot be opened fails the start before there is a child to stop
  const log = options.logFile ? openOutputLog(options.logFile, `serverless-offline, stage ${stage}`) : undefined;
  // detached: its own process group, which a terminal's Ctrl-C leaves alone (we stop it in order) and stop() kills whole
  const child = spawn(process.execPath, [SERVERLESS_BIN, 'offline', 'start', '--stage', stage], {
    cwd: options.serviceDir ?? REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // the terminal gets it all (as without a log), nothing (quiet: shown if it fails to start), or its error lines
  const echo = quiet ? 'none' : options.logFile && !options.verbose ? 'errors' : 'all';
  const output = new OutputTail();
  const relays = (
    [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const
  ).map(([from, to]) => {
    const errors = new ErrorLines();
    // whole characters in every chunk: offline writes λ and box-drawing characters
    from.setEncoding('utf8');
    from.on('data', (text: string) => {
      onOutput?.(text);
      log?.write(text);
      if (echo === 'all') to.write(text);
      else output.push(text);
      const errorLines = echo === 'errors' ? errors.push(text) : '';
      if (errorLines) to.write(errorLines);
    });
    return () => {
      const last = echo === 'errors' ? errors.flush() : '';
      if (last) to.write(last);
    };
  });
  let exited: string | undefined;
  let running = false;
  child.once('error', (error) => (exited = error.message));
  child.once('exit', (code, signal) => (exited ??= `serverless-offline exited with ${signal ?? `code ${code}`}`));
  // after the last of its output
  child.once('close', () => {
    for (const flush of relays) flush();
    log?.close();
    if (running && echo === 'errors') process.stderr.write(`${exited ?? 'serverless-offline exited'}; its output is in ${options.logFile}\n`);
  });
  const disarm = killOnExit(child, { group: true });
  const stopOffline = () => {
    running = false;
    return terminate(child, { group: true }).then(disarm).then(removeLambdaDirs);
  };

  try {
    const waitForHttp = options.waitForHttp ?? true;
    await pollUntil(async () => (!waitForHttp || (await portAnswers(ports.http))) && (await portAnswers(ports.ws)), {
      what: 'serverless-offline',
      timeoutMs: START_TIMEOUT_MS,
      intervalMs: 250,
      abortReason: () => exited,
    });
  } catch (error) {
    await stopOffline();
    const where = echo === 'errors' ? ` (all of it in ${options.logFile})` : '';
    const captured = echo === 'all' ? '' : `\n--- serverless-offline output${where} ---\n${output}`;
    throw new Error(`${(error as Error).message}${captured}`);
  }
  running = true;

  let stopped: Promise<void> | undefined;
  return { stop: () => (stopped ??= stopOffline()) };
}

/** The function of serverless.yml whose handler streams its responses (behind a Function URL on AWS). */
export const STREAMING_FUNCTION = 'conversations';

/**
 * The streaming function, served by scripts/stream-server.ts on the stream port: its environment is
 * serverless.yml's for that function (as offline gives every other one), over the local handlers'.
 * Its output goes where serverless-offline's goes. Resolves once the port answers.
 */
export async function startStreamServer(
  options: Pick<OfflineOptions, 'stage' | 'dynamoEndpoint' | 's3Endpoint' | 'secret' | 'quiet' | 'logFile' | 'verbose' | 'onOutput'> & {
    ports: Pick<StackPorts, 'http' | 'ws' | 'lambda' | 'stream'>;
  },
): Promise<RunningOffline> {
  const { ports, quiet = false } = options;
  const base = localHandlerEnv(options);
  const declared = functionEnvironments(readServerlessFile(REPO_ROOT), {
    stage: options.stage,
    env: base,
    local: { WEBSOCKET_API_ENDPOINT: `http://127.0.0.1:${ports.ws}` },
  }).find((fn) => fn.name === STREAMING_FUNCTION);
  if (!declared) throw new Error(`serverless.yml has no function ${STREAMING_FUNCTION}`);
  // as serverless-offline marks its handlers' environment
  const env = { ...base, ...declared.env, IS_OFFLINE: 'true', STREAM_PORT: String(ports.stream) };
  const log = options.logFile ? openOutputLog(options.logFile, `stream server, stage ${options.stage}`) : undefined;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts', 'stream-server.ts'), `${declared.handlerFile}.ts`, String(ports.stream)], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const echo = quiet ? 'none' : options.logFile && !options.verbose ? 'errors' : 'all';
  const output = new OutputTail();
  for (const [from, to] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    const errors = new ErrorLines();
    from.setEncoding('utf8');
    from.on('data', (text: string) => {
      options.onOutput?.(text);
      log?.write(text);
      output.push(text);
      if (echo === 'all') to.write(text);
      const errorLines = echo === 'errors' ? errors.push(text) : '';
      if (errorLines) to.write(errorLines);
    });
  }
  let exited: string | undefined;
  child.once('error', (error) => (exited = error.message));
  child.once('exit', (code, signal) => (exited ??= `the stream server exited with ${signal ?? `code ${code}`}`));
  child.once('close', () => log?.close());
  const disarm = killOnExit(child, { group: true });
  const stop = () => terminate(child, { group: true }).then(disarm);
  try {
    await pollUntil(() => portAnswers(ports.stream), { what: 'the stream server', timeoutMs: START_TIMEOUT_MS, intervalMs: 100, abortReason: () => exited });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- stream server output ---\n${output}`);
  }
  let stopped: Promise<void> | undefined;
  return { stop: () => (stopped ??= stop()) };
}
