/**
 * `npm run bench -- --flash-sale`: docs/scaling.md's team case on the local stack. Sellers of one
 * team connect, then visitors start chats with the team at a steady rate; the run reports how the
 * chats went (assigned, queued, refused), the requests per InitChat, and the refused conditional
 * writes by the kind of item they named: each one is a conflict that a retry or the next
 * candidate seller resolved. Talks to 127.0.0.1 only, bounded in count and time.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DynamoEngine } from '../scripts/local-dynamodb';
import { BenchSocket } from './clients';
import { diffCounts, type Counts } from './dynamo-counter';
import { summarize } from './stats';
import { pickPorts, startOurs } from './systems';

export interface FlashSaleOptions {
  engine: DynamoEngine;
  /** sellers of the one team, each with `maxChats` slots */
  sellers: number;
  maxChats: number;
  /** InitChats a second, for `seconds` */
  rate: number;
  seconds: number;
  resultsDir: string;
  /** where the report goes (the bench holds stdout back while the stack runs) */
  print(text: string): void;
}

export interface FlashSaleResult {
  options: Omit<FlashSaleOptions, 'resultsDir' | 'print'>;
  started: number;
  outcomes: Record<string, number>;
  /** the rate reached: InitChats answered per second of the sale */
  achievedRate: number;
  ackMs: ReturnType<typeof summarize>;
  requestsPerInitChat: number;
  requestsByOperation: Record<string, number>;
  /** refused conditional writes by item kind (seller#, target#, rate#, visitor#, L#…) */
  conflicts: Record<string, number>;
}

const TIMEOUT_MS = 15_000;

const total = (counts: Counts) => Object.values(counts).reduce((sum, count) => sum + count.requests, 0);

export async function flashSale(options: FlashSaleOptions): Promise<FlashSaleResult> {
  const ports = await pickPorts();
  const ours = await startOurs(options.engine, ports.ours);
  const team = `flash-${Date.now().toString(36)}`;
  const sockets: BenchSocket[] = [];
  try {
    for (let i = 0; i < options.sellers; i++) {
      sockets.push(await BenchSocket.open(ours.teamSellerUrl(`${team}-seller-${i}`, [team], options.maxChats), true, TIMEOUT_MS));
    }
    await ours.counter.waitIdle(300, 10_000);
    const before = ours.counter.snapshot();
    const conflictsBefore = ours.counter.conflicts();
    const count = options.rate * options.seconds;
    const outcomes: Record<string, number> = {};
    const ackMs: number[] = [];
    const startedAt = performance.now();
    let lastAnswerAt = startedAt;
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        // the i-th visitor starts at its slot in the schedule
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + (i * 1000) / options.rate - performance.now())));
        let outcome = 'failed';
        try {
          const visitor = await BenchSocket.open(ours.target.visitorUrl(`${team}-visitor-${i}`), true, TIMEOUT_MS);
          sockets.push(visitor);
          const sentAt = visitor.send({ action: 'InitChat', sellerId: team, userInfo: { name: `Flash ${i}` } });
          const answeredAt = await Promise.race([visitor.arrival('InitChat', TIMEOUT_MS), visitor.arrival('error', TIMEOUT_MS)]);
          ackMs.push(answeredAt - sentAt);
          lastAnswerAt = Math.max(lastAnswerAt, answeredAt);
          outcome = visitor.initChatAck ? String(visitor.initChatAck.status) : `error ${String((visitor.errors[0]?.error as { code?: string } | undefined)?.code ?? '')}`;
        } catch {
          // counted as failed
        }
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }),
    );
    await ours.counter.waitIdle(500, 20_000);
    const spent = diffCounts(before, ours.counter.snapshot());
    const conflictsAfter = ours.counter.conflicts();
    const conflicts = Object.fromEntries(
      Object.entries(conflictsAfter)
        .map(([kind, n]) => [kind, n - (conflictsBefore[kind] ?? 0)] as const)
        .filter(([, n]) => n > 0),
    );
    const answered = ackMs.length;
    return {
      options: { engine: options.engine, sellers: options.sellers, maxChats: options.maxChats, rate: options.rate, seconds: options.seconds },
      started: count,
      outcomes,
      achievedRate: answered / Math.max(0.001, (lastAnswerAt - startedAt) / 1000),
      ackMs: summarize(ackMs),
      requestsPerInitChat: total(spent) / Math.max(1, count),
      requestsByOperation: Object.fromEntries(Object.entries(spent).map(([op, c]) => [op, c.requests])),
      conflicts,
    };
  } finally {
    await Promise.all(sockets.map((socket) => socket.close()));
    await ours.stop();
  }
}

export function renderFlashSale(result: FlashSaleResult): string {
  const { options } = result;
  const lines = [
    '# Flash sale on the local stack',
    '',
    `${new Date().toISOString()} · ${options.sellers} sellers of one team with ${options.maxChats} slots each · ${options.rate} InitChats a second for ${options.seconds} s · DynamoDB: ${options.engine}`,
    '',
    '| figure | value |',
    '|---|---|',
    `| InitChats started | ${result.started} |`,
    `| outcomes | ${Object.entries(result.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} |`,
    `| InitChats answered per second (asked ${options.rate}) | ${result.achievedRate.toFixed(1)} |`,
    `| InitChat → ack, p50 / p95 / max (ms) | ${result.ackMs.p50.toFixed(0)} / ${result.ackMs.p95.toFixed(0)} / ${result.ackMs.max.toFixed(0)} |`,
    `| DynamoDB requests per InitChat (connects and sweeps of the phase included) | ${result.requestsPerInitChat.toFixed(2)} |`,
    `| requests by operation | ${Object.entries(result.requestsByOperation)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} |`,
    `| refused conditional writes (conflicts, each retried or moved to the next candidate) by item | ${
      Object.entries(result.conflicts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    } |`,
    '',
    'Seller items (`seller#`) conflict when concurrent starts rank the same seller first and its last slot goes to one of them; the team item (`target#`) when queue counts move together; the address bucket (`rate#`) when starts from one address race. docs/scaling.md gives the same case on AWS.',
    '',
  ];
  return lines.join('\n');
}

export async function runFlashSale(options: FlashSaleOptions): Promise<void> {
  const result = await flashSale(options);
  const markdown = renderFlashSale(result);
  writeFileSync(path.join(options.resultsDir, 'flash-sale.md'), markdown);
  writeFileSync(path.join(options.resultsDir, 'flash-sale.json'), `${JSON.stringify(result, null, 2)}\n`);
  options.print(`wrote bench/results/flash-sale.{md,json}\n${markdown}`);
}
