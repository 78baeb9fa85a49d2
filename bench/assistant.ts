/**
 * `npm run bench:assistant`: the shop's assistant under load, locally, with the extractive engine and
 * the demo knowledge. `--askers` visitors (100) each hold a waiting chat and ask a question about every
 * `--every` seconds (10) for `--seconds` (60); then all of them ask in the same second (the burst).
 * Reports the time from sending a question to the first `assistantDelta` and to the stored answer
 * (p50 / p95), the frames each answer took, and the DynamoDB requests each answer took beyond the
 * visitor's own message (counted at a proxy in front of the local DynamoDB). Talks only to
 * 127.0.0.1, and stops by itself (`--max-seconds`).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { importDemoKnowledge, localKnowledgeStore } from '../scripts/knowledge';
import { knowledgeRetriever } from '../lib/knowledge/retriever';
import { answerCost, promptTokens, type AwsPrices, type BedrockModelPrice } from './answer-cost';
import prices from './prices.json';
import { REPO_ROOT } from '../scripts/local-dynamodb';
import { freePorts } from '../scripts/stack';
import { askAll, askSteadily, assistantLoadEnv, exitWhenDone, parseLoadOptions, startBenchStack, stopAfter, TARGET } from './asking-load';
import { diffCounts, startDynamoCounter, type Counts } from './dynamo-counter';

/** What the visitor's own message costs (its line, the message, both sides' connections): not the answer's. */
const MESSAGE_REQUESTS = 3;

interface Asked {
  sentAt: number;
  firstDeltaAt?: number;
  answeredAt?: number;
  frames: number;
}

/** One visitor with a waiting chat: asks, and times what comes back for its question. */
class Asker {
  private current: Asked | undefined;
  readonly asked: Asked[] = [];
  contactId = '';
  private ready!: () => void;
  readonly started = new Promise<void>((resolve) => (this.ready = resolve));
  private answered: (() => void) | undefined;

  constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.receive(JSON.parse(data.toString()) as Record<string, unknown>));
  }

  private receive(frame: Record<string, unknown>): void {
    if (frame.action === 'connected') this.socket.send(JSON.stringify({ action: 'InitChat', sellerId: TARGET, userInfo: { name: 'Bench' } }));
    else if (frame.action === 'InitChat') {
      this.contactId = String(frame.contact_id);
      this.ready();
    } else if (this.current && frame.action === 'assistantDelta') {
      this.current.frames++;
      this.current.firstDeltaAt ??= performance.now();
    } else if (this.current && frame.action === 'sendMessage' && frame.role === 'assistant') {
      this.current.frames++;
      this.current.answeredAt = performance.now();
      this.current = undefined;
      this.answered?.();
    }
  }

  /** Sends a question; resolves when its answer is stored and pushed (or after `timeoutMs`). */
  ask(text: string, timeoutMs: number): Promise<void> {
    const asked: Asked = { sentAt: performance.now(), frames: 0 };
    this.current = asked;
    this.asked.push(asked);
    this.socket.send(JSON.stringify({ action: 'sendMessage', contact_id: this.contactId, message: text, clientMessageId: randomBytes(6).toString('hex') }));
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.answered = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  close(): void {
    this.socket.close();
  }
}

const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const round = (value: number) => Math.round(value * 10) / 10;
const dollars = (value: number) => `$${value.toFixed(4)}`;

function summary(asked: Asked[]) {
  const firstDelta = asked.filter((a) => a.firstDeltaAt !== undefined).map((a) => (a.firstDeltaAt as number) - a.sentAt);
  const answered = asked.filter((a) => a.answeredAt !== undefined);
  const toAnswer = answered.map((a) => (a.answeredAt as number) - a.sentAt);
  return {
    asked: asked.length,
    answered: answered.length,
    firstDeltaMs: { p50: round(percentile(firstDelta, 50)), p95: round(percentile(firstDelta, 95)) },
    answerMs: { p50: round(percentile(toAnswer, 50)), p95: round(percentile(toAnswer, 95)) },
    framesPerAnswer: round(answered.reduce((sum, a) => sum + a.frames, 0) / Math.max(1, answered.length)),
  };
}

const requestsOf = (counts: Counts) => Object.values(counts).reduce((sum, count) => sum + count.requests, 0);

async function main(): Promise<void> {
  const options = parseLoadOptions(process.argv.slice(2), 'askers', 'bench:assistant');
  stopAfter(options.maxSeconds, 'bench:assistant');

  // a load generator is many visitors on one address: its buckets must not throttle it
  assistantLoadEnv();
  for (const limit of ['RATE_LIMIT_VISITOR_MESSAGES', 'RATE_LIMIT_INIT_CHAT', 'RATE_LIMIT_SOURCE_IP']) process.env[limit] = '1000000/100000';

  const [http, ws, lambda, dynamo] = (await freePorts(4)) as [number, number, number, number];
  const counter = await startDynamoCounter(`http://127.0.0.1:${dynamo}`);
  const { stack, remove } = await startBenchStack('bench-assistant', { ports: { http, ws, lambda, dynamo }, handlerDynamoEndpoint: counter.endpoint });
  const askers: Asker[] = [];
  try {
    console.error(`[bench:assistant] demo knowledge: ${(await importDemoKnowledge(stack.dynamoEndpoint, 'bench', TARGET)).join(', ')}`);
    for (let i = 0; i < options.count; i++) askers.push(new Asker(new WebSocket(`${stack.wsUrl}?userId=bench-asker-${i}`)));
    await Promise.all(askers.map((asker) => asker.started));

    // warm-up: the answering function's cold start and the target's index build
    await askAll(askers);
    await counter.waitIdle(500, 5000);

    console.error(`[bench:assistant] steady: ${options.count} askers, one question each every ${options.every} s, for ${options.seconds} s`);
    const before = counter.snapshot();
    const steadyAsked = await askSteadily(askers, options);
    await counter.waitIdle(500, 5000);
    const steady = summary(steadyAsked);
    const steadyRequests = requestsOf(diffCounts(before, counter.snapshot()));

    // burst: every asker in the same second
    console.error(`[bench:assistant] burst: ${options.count} questions at once`);
    const burst = summary(await askAll(askers));

    // the price of one answer with a Bedrock model: the prompt the real builder makes from this question's passages
    const local = localKnowledgeStore(stack.dynamoEndpoint, 'bench');
    const { passages } = await knowledgeRetriever(local.store).retrieve(TARGET, 'How long does shipping take?');
    local.close();
    const inputTokens = promptTokens(passages, 'How long does shipping take?');
    const costInputs = {
      framesPerAnswer: steady.framesPerAnswer,
      // the design's requests (README): the limits' claim, the seq and the message are writes of 1 unit; the context query and the connections read about 1.5
      writeUnits: 3,
      readUnits: 1.5,
      memoryMb: 256,
      // a model streams an answer of ~150 tokens in about 3 s, which the function waits out (billed)
      secondsPerAnswer: 3,
      inputTokens,
      outputTokens: 150,
    };
    const bedrock = prices.aws.bedrock as { recorded: string; models: BedrockModelPrice[] };
    const costs = bedrock.models.map((model) => ({ model: model.name, ...answerCost(costInputs, prices.aws as unknown as AwsPrices, model) }));

    const result = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
      options: { askers: options.count, every: options.every, seconds: options.seconds, maxSeconds: options.maxSeconds },
      steady: { ...steady, dynamoRequestsPerAnswerBeyondTheQuestion: round(steadyRequests / Math.max(1, steady.answered) - MESSAGE_REQUESTS) },
      burst,
      answerCost: { pricesRecorded: bedrock.recorded, inputs: costInputs, perModel: costs },
    };
    const report = [
      '# The assistant under load (extractive engine, demo knowledge, dynalite)',
      '',
      `${result.date} · ${result.machine} · ${options.count} askers, a question each every ${options.every} s for ${options.seconds} s, then a burst of ${options.count}`,
      '',
      '| phase | answered | first delta p50 / p95 | stored answer p50 / p95 | frames per answer |',
      '|---|---|---|---|---|',
      `| steady | ${steady.answered} / ${steady.asked} | ${steady.firstDeltaMs.p50} / ${steady.firstDeltaMs.p95} ms | ${steady.answerMs.p50} / ${steady.answerMs.p95} ms | ${steady.framesPerAnswer} |`,
      `| burst | ${burst.answered} / ${burst.asked} | ${burst.firstDeltaMs.p50} / ${burst.firstDeltaMs.p95} ms | ${burst.answerMs.p50} / ${burst.answerMs.p95} ms | ${burst.framesPerAnswer} |`,
      '',
      `DynamoDB requests per answer beyond the visitor's own message (${MESSAGE_REQUESTS}): ${result.steady.dynamoRequestsPerAnswerBeyondTheQuestion}`,
      '',
      `## The price of an answer with a Bedrock model (token prices entered by hand on ${bedrock.recorded}, bench/prices.json)`,
      '',
      `About ${inputTokens} input tokens (the system prompt, 10 messages of context, this question's passages as document blocks, at ~4 characters a token) and 150 output tokens; the function waits ~3 s at 256 MB; ${costInputs.framesPerAnswer} frames; 3 write and 1.5 read units.`,
      '',
      '| model | model $ per 1,000 answers | service $ per 1,000 answers | total $ per 1,000 answers |',
      '|---|---|---|---|',
      ...costs.map((cost) => `| ${cost.model} | ${dollars(cost.modelUsd * 1000)} | ${dollars(cost.serviceUsd * 1000)} | ${dollars(cost.totalUsd * 1000)} |`),
      '',
    ].join('\n');
    const dir = path.join(REPO_ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'assistant.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(path.join(dir, 'assistant.md'), report);
    console.log(report);
  } finally {
    for (const asker of askers) asker.close();
    await remove();
    await counter.stop();
  }
}

exitWhenDone(main);
