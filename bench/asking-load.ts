/**
 * What the assistant's two load benches share (bench/assistant.ts over the socket, bench/sse.ts over
 * Server-Sent Events): their options, the shop and its questions, the environment that keeps the
 * service's own limits from being what is measured, the hard stop, and the schedule: a warm-up, the
 * steady phase (each asker every `every` seconds, spread evenly over the interval) and the burst.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../scripts/local-dynamodb';
import { startStack, type Stack, type StackOptions } from '../scripts/stack';

export const TARGET = 'bench-shop';
// questions the demo knowledge answers: a handoff would turn the assistant off for that chat
export const QUESTIONS = ['How long does shipping take?', 'How much does shipping cost?', 'How do I return an item?', 'What sizes do you have?'];

export interface LoadOptions {
  /** how many ask at once (`--askers` or `--clients`) */
  count: number;
  every: number;
  seconds: number;
  maxSeconds: number;
}

/** `--<countName> 100 --every 10 --seconds 60 --max-seconds 600`, each a positive number. */
export function parseLoadOptions(argv: string[], countName: string, script: string): LoadOptions {
  const options: LoadOptions = { count: 100, every: 10, seconds: 60, maxSeconds: 600 };
  const names: Record<string, keyof LoadOptions> = { [countName]: 'count', every: 'every', seconds: 'seconds', 'max-seconds': 'maxSeconds', maxSeconds: 'maxSeconds' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = names[argv[i]?.replace(/^--/, '') ?? ''];
    const value = Number(argv[i + 1]);
    if (!name || !Number.isFinite(value) || value <= 0) throw new Error(`usage: npm run ${script} -- [--${countName} 100] [--every 10] [--seconds 60] [--max-seconds 600]`);
    options[name] = value;
  }
  return options;
}

/** Ends the process past `maxSeconds`: a load test stops by itself. */
export function stopAfter(maxSeconds: number, name: string): void {
  const hardStop = setTimeout(() => {
    console.error(`[${name}] over ${maxSeconds} s: stopping`);
    process.exit(2);
  }, maxSeconds * 1000);
  hardStop.unref();
}

/** The stack's environment for a load of questions to one shop from one address. */
export function assistantLoadEnv(): void {
  process.env.ASSISTANT = JSON.stringify({ [TARGET]: 'waiting' });
  // about 600 questions a minute to one shop: past its default limit every answer would be a handoff
  process.env.ASSISTANT_ANSWERS_PER_MINUTE = '100000';
  // one address for every visitor: the per-address buckets would throttle the load generator itself
  process.env.RATE_LIMIT_EXEMPT_ADDRESSES = '127.0.0.1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

export interface Asking<T> {
  readonly asked: T[];
  ask(question: string, timeoutMs: number): Promise<unknown>;
}

/** Every asker once, at the same moment (the warm-up, and the burst). */
export async function askAll<T>(askers: Asking<T>[]): Promise<T[]> {
  for (const asker of askers) asker.asked.length = 0;
  await Promise.all(askers.map((asker, i) => asker.ask(QUESTIONS[i % QUESTIONS.length] as string, 30_000)));
  return askers.flatMap((asker) => asker.asked);
}

/** The steady phase: each asker every `every` seconds for `seconds`, their starts spread evenly over the interval. */
export async function askSteadily<T>(askers: Asking<T>[], options: LoadOptions): Promise<T[]> {
  for (const asker of askers) asker.asked.length = 0;
  const rounds = Math.max(1, Math.floor(options.seconds / options.every));
  await Promise.all(
    askers.map(async (asker, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * options.every * 1000) / askers.length));
      for (let round = 0; round < rounds; round++) {
        const started = performance.now();
        await asker.ask(QUESTIONS[(i + round) % QUESTIONS.length] as string, options.every * 1000);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, options.every * 1000 - (performance.now() - started))));
      }
    }),
  );
  return askers.flatMap((asker) => asker.asked);
}

/**
 * The stack a bench named `name` runs on: dynalite in a folder of its own, its own bundles' folder, no sweep,
 * quiet; `extra` adds what the bench needs (ports, a counting proxy). `remove()` stops it and takes both
 * folders away.
 */
export async function startBenchStack(name: string, extra: Partial<StackOptions> = {}): Promise<{ stack: Stack; remove(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const esbuildWorkFolder = `.esbuild-${name}`;
  const stack = await startStack({
    engine: 'dynalite',
    stage: 'bench',
    dataDir,
    secret: randomBytes(32).toString('hex'),
    quiet: true,
    esbuildWorkFolder,
    sweepIntervalMs: 0,
    ...extra,
  });
  return {
    stack,
    async remove() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(path.join(REPO_ROOT, esbuildWorkFolder), { recursive: true, force: true });
    },
  };
}

/** Runs a bench's main and exits with its outcome (the stacks' timers and sockets would keep the process alive). */
export function exitWhenDone(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
