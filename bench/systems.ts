/** Starts the two systems under test on one local DynamoDB engine, each behind its own counting proxy. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { signSellerToken } from '../lib/access/tokens';
import { REPO_ROOT, ensureTables, type DynamoEngine } from '../scripts/local-dynamodb';
import { freePorts, startOffline, startStack, type StackPorts } from '../scripts/stack';
import type { Target } from './clients';
import { dynamoDelayMs, startDelayProxy, type AwsLatencyModel, type DelayProxy } from './aws-latency';
import { startDynamoCounter, type DynamoCounter } from './dynamo-counter';
import { HandlerLog } from './handler-logs';
import { InvocationLog } from './invocations';

export const BASELINE_DIR = path.join(REPO_ROOT, 'bench', 'baseline');
/** serverless-esbuild joins this to each service dir; `.esbuild-*` is git-ignored */
export const ESBUILD_WORK_FOLDER = '.esbuild-bench';
const STAGE = 'bench';

export interface System {
  name: 'ours' | 'baseline';
  target: Target;
  counter: DynamoCounter;
  invocations: InvocationLog;
  /** the handlers' trace and log lines (ours; the baseline writes none) */
  handlerLog: HandlerLog;
  /**
   * The name of a scheduled function (ours: `sweep`). The stack turns offline's own schedule off and
   * the bench sets `sweepIntervalMs: 0`, so none should run; one that did would be counted apart.
   */
  scheduled?: string;
  serviceDir: string;
  /** provider.memorySize and architecture of the service's serverless.yml, and each function's own memorySize: what the cost model bills */
  lambda: LambdaSettings;
  /** Holds each DynamoDB and management API request for the AWS latency model's time (both proxies), or stops holding them. */
  setAwsLatency(model: AwsLatencyModel | undefined): void;
  stop(): Promise<void>;
}

export interface LambdaSettings {
  memoryMb: number;
  architecture: string;
  /** functions with a memorySize of their own (serverless.yml), by function name */
  memoryByFunction?: Record<string, number>;
  /** the deploy answers `ping` with API Gateway's MOCK route (resources/keepalive-plugin.js), no Lambda */
  pingsByApiGateway?: boolean;
}

/** The latency model on both of a system's proxies: DynamoDB by operation, the management API per request. */
function awsLatencySwitch(counter: DynamoCounter, management: DelayProxy) {
  return (model: AwsLatencyModel | undefined) => {
    counter.setDelay(model ? (operation) => dynamoDelayMs(model, operation) : undefined);
    management.setDelay(model?.managementMs ?? 0);
  };
}

export function lambdaSettings(serviceDir: string): LambdaSettings {
  const config = load(readFileSync(path.join(serviceDir, 'serverless.yml'), 'utf8')) as {
    provider?: { memorySize?: number; architecture?: string };
    functions?: Record<string, { memorySize?: number }>;
    plugins?: string[];
  };
  const memoryByFunction = Object.fromEntries(
    Object.entries(config.functions ?? {}).flatMap(([name, fn]) => (typeof fn.memorySize === 'number' ? [[name, fn.memorySize] as const] : [])),
  );
  return {
    memoryMb: config.provider?.memorySize ?? 1024,
    architecture: config.provider?.architecture ?? 'x86_64',
    memoryByFunction,
    pingsByApiGateway: (config.plugins ?? []).includes('./resources/keepalive-plugin.js'),
  };
}

/**
 * Ours, with its seller tokens allowing every benchmark chat (the default capacity is 5 chats per seller).
 * The handlers log at the deploy's level and trace their DynamoDB requests: the caller sets LOG_LEVEL and
 * CHAT_TRACE=1 in this process's environment, which startStack hands on (see run.ts). Not `quiet`: a quiet
 * stack logs at warn. startStack then relays offline's output to this process's stdout and stderr, which
 * run.ts holds back while the stacks run; every line reaches `onOutput` either way.
 * The grace-period sweep is off (`sweepIntervalMs: 0`): it would add DynamoDB requests to whatever phase it ran in.
 */
export async function startOurs(
  engine: DynamoEngine,
  ports: StackPorts,
): Promise<System & { dynamoEndpoint: string; recentOutput(): string; teamSellerUrl(sellerId: string, teams: string[], maxChats: number): string }> {
  const counter = await startDynamoCounter(`http://127.0.0.1:${ports.dynamo}`);
  const management = await startDelayProxy(`http://127.0.0.1:${ports.ws}`);
  const invocations = new InvocationLog();
  const handlerLog = new HandlerLog();
  const secret = randomBytes(32).toString('hex');
  let tail = '';
  try {
    const stack = await startStack({
      engine,
      stage: STAGE,
      secret,
      quiet: false,
      ports,
      handlerDynamoEndpoint: counter.endpoint,
      handlerManagementEndpoint: management.endpoint,
      esbuildWorkFolder: ESBUILD_WORK_FOLDER,
      sweepIntervalMs: 0,
      onOutput: (text) => {
        invocations.push(text);
        handlerLog.push(text);
        tail = (tail + text).slice(-8000);
      },
    });
    const token = (sellerId: string, options: { teams?: string[]; maxChats?: number } = {}) =>
      signSellerToken(secret, sellerId, { maxChats: options.maxChats ?? 10_000, teams: options.teams });
    return {
      name: 'ours',
      dynamoEndpoint: stack.dynamoEndpoint,
      target: {
        name: 'ours',
        greets: true,
        frameStyles: ['to+clientMessageId', 'to', 'contact_id+clientMessageId'],
        pings: true,
        visitorUrl: (deviceId) => `${stack.wsUrl}?userId=${encodeURIComponent(deviceId)}`,
        sellerUrl: (sellerId) => `${stack.wsUrl}?userId=${encodeURIComponent(sellerId)}&role=seller&token=${token(sellerId)}`,
      },
      teamSellerUrl: (sellerId, teams, maxChats) => `${stack.wsUrl}?userId=${encodeURIComponent(sellerId)}&role=seller&token=${token(sellerId, { teams, maxChats })}`,
      counter,
      invocations,
      handlerLog,
      scheduled: 'sweep',
      serviceDir: REPO_ROOT,
      lambda: lambdaSettings(REPO_ROOT),
      setAwsLatency: awsLatencySwitch(counter, management),
      recentOutput: () => tail,
      stop: () => stack.stop().finally(() => Promise.all([counter.stop(), management.stop()])),
    };
  } catch (error) {
    await Promise.all([counter.stop(), management.stop()]);
    // not quiet: offline's output went to the held-back stdout, so its tail goes with the error
    throw new Error(`${(error as Error).message}\n--- serverless-offline output (tail) ---\n${tail}`);
  }
}

/** Every port of both systems, picked in one go so that no two of them collide while both start. */
export async function pickPorts(): Promise<{ ours: StackPorts; baseline: Omit<StackPorts, 'dynamo' | 's3' | 'stream'> }> {
  const free = await freePorts(9);
  const at = (i: number) => free[i] as number;
  return { ours: { dynamo: at(0), http: at(1), ws: at(2), lambda: at(3), s3: at(7), stream: at(8) }, baseline: { http: at(4), ws: at(5), lambda: at(6) } };
}

/**
 * The baseline service of bench/baseline, against the engine at `dynamoEndpoint`, with its own table.
 * It may start while the engine is still coming up (it bundles meanwhile); call `ready()` before loading it.
 */
export async function startBaseline(dynamoEndpoint: string, ports: Omit<StackPorts, 'dynamo' | 's3' | 'stream'>): Promise<System & { ready(): Promise<void> }> {
  const counter = await startDynamoCounter(dynamoEndpoint);
  const management = await startDelayProxy(`http://127.0.0.1:${ports.ws}`);
  const invocations = new InvocationLog();
  const handlerLog = new HandlerLog();
  try {
    const offline = await startOffline({
      managementEndpoint: management.endpoint,
      serviceDir: BASELINE_DIR,
      stage: STAGE,
      ports,
      dynamoEndpoint: counter.endpoint,
      quiet: true,
      esbuildWorkFolder: ESBUILD_WORK_FOLDER,
      onOutput: (text) => {
        invocations.push(text);
        handlerLog.push(text);
      },
      waitForHttp: false, // the baseline has WebSocket routes only
    });
    const wsUrl = `ws://127.0.0.1:${ports.ws}`;
    return {
      name: 'baseline',
      target: {
        name: 'baseline',
        greets: false,
        // the seed routes on `to` and ignores every other field; it has no ping route
        frameStyles: ['to+clientMessageId', 'to'],
        pings: false,
        visitorUrl: (deviceId) => `${wsUrl}?userId=${encodeURIComponent(deviceId)}`,
        // the seed has no seller auth: role and token are sent like ours, and ignored
        sellerUrl: (sellerId) => `${wsUrl}?userId=${encodeURIComponent(sellerId)}&role=seller`,
      },
      counter,
      invocations,
      handlerLog,
      serviceDir: BASELINE_DIR,
      lambda: lambdaSettings(BASELINE_DIR),
      setAwsLatency: awsLatencySwitch(counter, management),
      stop: () => offline.stop().finally(() => Promise.all([counter.stop(), management.stop()])),
      ready: async () => {
        await ensureTables({
          endpoint: dynamoEndpoint,
          service: 'chat-baseline',
          stage: STAGE,
          tablesFile: path.join(BASELINE_DIR, 'table.yml'),
        });
      },
    };
  } catch (error) {
    await Promise.all([counter.stop(), management.stop()]);
    throw error;
  }
}
