/**
 * `npm run bench:sse`: the conversation API under load, locally (the stream server in front of the
 * streaming function, the extractive engine, the demo knowledge, dynalite). `--clients` visitors
 * (100) each hold a conversation and ask about every `--every` seconds (10) for `--seconds` (60), over
 * HTTP with the answer read as Server-Sent Events; then all of them ask in the same second (the
 * burst). Reports, p50 / p95: the time from sending a question to the response's first byte
 * (its headers), to the first `delta` event, and to `done`; and how many streams completed (ended
 * with `done`) or were cut. The service's default rate limits stay on, except the per-address ones
 * the load generator's single address would hit. Talks only to 127.0.0.1 and stops by itself
 * (`--max-seconds`).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importDemoKnowledge } from '../scripts/knowledge';
import { REPO_ROOT } from '../scripts/local-dynamodb';
import type { Stack } from '../scripts/stack';
import { readEventStream } from '../test/support/sse-client';
import { askAll, askSteadily, assistantLoadEnv, exitWhenDone, parseLoadOptions, startBenchStack, stopAfter, TARGET } from './asking-load';

interface Asked {
  status: number;
  firstByteMs: number;
  firstDeltaMs?: number;
  doneMs?: number;
  complete: boolean;
  deltas: number;
  error?: string;
}

/** One visitor with a conversation: asks, reads the answer's stream to its end, and times it. */
class Client {
  readonly asked: Asked[] = [];
  private conversationId = '';
  private session = '';

  constructor(private readonly stack: Stack) {}

  async start(index: number): Promise<void> {
    const ticket = await fetch(`${this.stack.httpUrl}/v1/connect-tickets`, { method: 'POST' });
    if (ticket.status !== 201) throw new Error(`a visitor session was refused: ${ticket.status} ${await ticket.text()}`);
    this.session = ((await ticket.json()) as { visitorSession: string }).visitorSession;
    const created = await fetch(`${this.stack.streamUrl}/v1/chat/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.session}` },
      body: JSON.stringify({ target: TARGET, title: `bench ${index}`, userInfo: { name: 'Bench' } }),
    });
    if (created.status !== 201) throw new Error(`a conversation was refused: ${created.status} ${await created.text()}`);
    this.conversationId = ((await created.json()) as { id: string }).id;
  }

  async ask(text: string, timeoutMs: number): Promise<void> {
    let firstDeltaMs: number | undefined;
    try {
      const answer = await readEventStream(
        `${this.stack.streamUrl}/v1/chat/conversations/${this.conversationId}/messages`,
        {
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.session}` },
          body: JSON.stringify({ content: text, clientMessageId: randomBytes(6).toString('hex') }),
          signal: AbortSignal.timeout(timeoutMs),
        },
        { onEvent: (event) => (firstDeltaMs ??= event.event === 'delta' ? event.atMs : undefined) },
      );
      const done = answer.events.find((event) => event.event === 'done');
      const failed = answer.events.find((event) => event.event === 'error' || event.event === 'handoff');
      this.asked.push({
        status: answer.status,
        firstByteMs: answer.headersMs,
        ...(firstDeltaMs !== undefined ? { firstDeltaMs } : {}),
        ...(done ? { doneMs: done.atMs } : {}),
        complete: answer.status === 200 && done !== undefined,
        deltas: answer.events.filter((event) => event.event === 'delta').length,
        ...(failed ? { error: `${failed.event} ${JSON.stringify(failed.data)}` } : answer.status !== 200 ? { error: `${answer.status} ${JSON.stringify(answer.body)}` } : {}),
      });
    } catch (error) {
      this.asked.push({ status: 0, firstByteMs: NaN, complete: false, deltas: 0, error: String(error) });
    }
  }
}

const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const round = (value: number) => Math.round(value * 10) / 10;
const p50p95 = (values: number[]) => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)) });

function summary(asked: Asked[]) {
  const defined = (values: (number | undefined)[]) => values.filter((value): value is number => value !== undefined && Number.isFinite(value));
  const errors = asked.filter((a) => a.error).map((a) => a.error as string);
  return {
    asked: asked.length,
    complete: asked.filter((a) => a.complete).length,
    cut: asked.filter((a) => a.status === 200 && !a.complete).length,
    refused: asked.filter((a) => a.status !== 200).length,
    firstByteMs: p50p95(defined(asked.map((a) => a.firstByteMs))),
    firstDeltaMs: p50p95(defined(asked.map((a) => a.firstDeltaMs))),
    doneMs: p50p95(defined(asked.map((a) => a.doneMs))),
    deltasPerAnswer: round(asked.reduce((sum, a) => sum + a.deltas, 0) / Math.max(1, asked.length)),
    firstErrors: [...new Set(errors)].slice(0, 3),
  };
}

async function main(): Promise<void> {
  const options = parseLoadOptions(process.argv.slice(2), 'clients', 'bench:sse');
  stopAfter(options.maxSeconds, 'bench:sse');
  assistantLoadEnv();

  const { stack, remove } = await startBenchStack('bench-sse');
  try {
    console.error(`[bench:sse] demo knowledge: ${(await importDemoKnowledge(stack.dynamoEndpoint, 'bench', TARGET)).join(', ')}`);
    const clients = Array.from({ length: options.count }, () => new Client(stack));
    // in groups, as visitors arrive: a new visitor's session comes from the per-address bucket
    for (let i = 0; i < clients.length; i += 10) await Promise.all(clients.slice(i, i + 10).map((client, j) => client.start(i + j)));

    // warm-up: the streaming function's first answers and the target's index build
    await askAll(clients);

    console.error(`[bench:sse] steady: ${options.count} clients, a question each every ${options.every} s, for ${options.seconds} s`);
    const steady = summary(await askSteadily(clients, options));

    console.error(`[bench:sse] burst: ${options.count} questions at once`);
    const burst = summary(await askAll(clients));

    const load = os.loadavg().map((value) => value.toFixed(2));
    const result = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${load.join(' ')}`,
      options: { clients: options.count, every: options.every, seconds: options.seconds, maxSeconds: options.maxSeconds },
      steady,
      burst,
    };
    const row = (name: string, s: ReturnType<typeof summary>) =>
      `| ${name} | ${s.complete} / ${s.asked} | ${s.cut} | ${s.firstByteMs.p50} / ${s.firstByteMs.p95} ms | ${s.firstDeltaMs.p50} / ${s.firstDeltaMs.p95} ms | ${s.doneMs.p50} / ${s.doneMs.p95} ms | ${s.deltasPerAnswer} |`;
    const report = [
      '# The conversation API under load (Server-Sent Events; extractive engine, demo knowledge, dynalite)',
      '',
      `${result.date} · ${result.machine} · ${options.count} clients, a question each every ${options.every} s for ${options.seconds} s, then a burst of ${options.count}`,
      '',
      '| phase | complete | cut | first byte p50 / p95 | first delta p50 / p95 | done p50 / p95 | deltas per answer |',
      '|---|---|---|---|---|---|---|',
      row('steady', steady),
      row('burst', burst),
      '',
      ...(steady.firstErrors.length || burst.firstErrors.length ? ['Errors seen:', ...[...steady.firstErrors, ...burst.firstErrors].map((e) => `- ${e}`), ''] : []),
    ].join('\n');
    const dir = path.join(REPO_ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'sse.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(path.join(dir, 'sse.md'), report);
    console.log(report);
  } finally {
    await remove();
  }
}

exitWhenDone(main);
