/** The results as markdown: every figure as ours / baseline. */
import { costPerMillion, hostedPerMillion, usagePerMessage, type Cost, type PhaseUse, type Prices, type Usage } from './cost';
import type { Bundle } from './bundles';
import type { SystemResult } from './scenario';
import type { Summary } from './stats';

export interface RunInfo {
  date: string;
  machine: string;
  engine: string;
  options: Record<string, unknown>;
  seconds: number;
  loadAverageAtEnd: number[];
}

export interface Results {
  run: RunInfo;
  ours: SystemResult & { bundles: Bundle[] };
  baseline: SystemResult & { bundles: Bundle[] };
}

const num = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const pair = (a: string, b: string) => `${a} / ${b}`;
const money = (value: number) => (value >= 0.1 ? `$${value.toFixed(2)}` : `$${value.toFixed(4)}`);

function latencyRow(label: string, a: Summary, b: Summary): string {
  const cell = (key: keyof Summary) => pair(num(a[key]), num(b[key]));
  return `| ${label} | ${cell('p50')} | ${cell('p95')} | ${cell('p99')} | ${cell('max')} | ${pair(String(a.count), String(b.count))} |`;
}

function perUnit(phase: PhaseUse, op: string): number {
  return (phase.dynamo[op]?.requests ?? 0) / Math.max(1, phase.units);
}

function dynamoTable(title: string, a: PhaseUse, b: PhaseUse): string[] {
  const ops = [...new Set([...Object.keys(a.dynamo), ...Object.keys(b.dynamo)])].sort();
  const total = (p: PhaseUse, pick: (c: { requests: number; readUnits: number; writeUnits: number }) => number) =>
    Object.values(p.dynamo).reduce((sum, c) => sum + pick(c), 0) / Math.max(1, p.units);
  return [
    `| ${title} | ours / baseline |`,
    '|---|---|',
    ...ops.map((op) => `| ${op} | ${pair(num(perUnit(a, op), 2), num(perUnit(b, op), 2))} |`),
    `| **all requests** | ${pair(num(total(a, (c) => c.requests), 2), num(total(b, (c) => c.requests), 2))} |`,
    `| read units (engine-reported) | ${pair(num(total(a, (c) => c.readUnits), 2), num(total(b, (c) => c.readUnits), 2))} |`,
    `| write units (engine-reported) | ${pair(num(total(a, (c) => c.writeUnits), 2), num(total(b, (c) => c.writeUnits), 2))} |`,
    `| measured over | ${pair(String(a.units), String(b.units))} |`,
  ];
}

function lambdaLine(phase: PhaseUse): string {
  const units = Math.max(1, phase.units);
  return Object.entries(phase.lambda)
    .map(([name, use]) => `${name} ${num(use.invocations / units, 2)}× ${num(use.billedMs / Math.max(1, use.invocations), 0)} ms`)
    .join(', ');
}

function bundleTable(ours: Bundle[], baseline: Bundle[]): string[] {
  const names = [...new Set([...ours, ...baseline].map((b) => b.handler))].sort();
  const cell = (list: Bundle[], name: string, pick: (b: Bundle) => string) => {
    const found = list.find((b) => b.handler === name);
    return found ? pick(found) : '—';
  };
  const kb = (b: Bundle) => `${num(b.bytes / 1024, 0)} KB`;
  const ms = (b: Bundle) => `${num(b.coldImportMs, 0)} ms`;
  return [
    '| handler | bundle size ours / baseline | cold import ours / baseline |',
    '|---|---|---|',
    ...names.map((n) => `| ${n} | ${pair(cell(ours, n, kb), cell(baseline, n, kb))} | ${pair(cell(ours, n, ms), cell(baseline, n, ms))} |`),
  ];
}

function costTable(a: Usage, b: Usage, ca: Cost, cb: Cost, prices: Prices): string[] {
  const row = (label: string, ua: number, ub: number, unit: string, key: keyof Cost) =>
    `| ${label} | ${pair(num(ua, 3), num(ub, 3))} ${unit} | ${pair(money(ca[key]), money(cb[key]))} |`;
  return [
    '| item | per chat message, ours / baseline | per 1 M chat messages, ours / baseline |',
    '|---|---|---|',
    row('API Gateway messages (in + out)', a.apiGatewayMessages, b.apiGatewayMessages, 'msgs', 'apiGatewayMessages'),
    row('API Gateway connection minutes', a.connectionMinutes, b.connectionMinutes, 'min', 'apiGatewayConnectionMinutes'),
    row('Lambda requests', a.lambdaRequests, b.lambdaRequests, 'req', 'lambdaRequests'),
    row('Lambda compute', a.lambdaGbSeconds, b.lambdaGbSeconds, 'GB-s', 'lambdaCompute'),
    row('DynamoDB read units', a.readUnits, b.readUnits, 'RRU', 'dynamoReads'),
    row('DynamoDB write units', a.writeUnits, b.writeUnits, 'WRU', 'dynamoWrites'),
    `| **total** | | **${pair(money(ca.total), money(cb.total))}** |`,
    ...prices.hosted.map((h) => `| ${h.name} (${h.plan}) | ${h.providerMessagesPerChatMessage} ${h.name} messages | ${money(hostedPerMillion(h))} |`),
  ];
}

export function renderMarkdown(results: Results, prices: Prices): string {
  const { run, ours: a, baseline: b } = results;
  const ua = usagePerMessage(a.phases, prices.session, a.lambda.memoryMb);
  const ub = usagePerMessage(b.phases, prices.session, b.lambda.memoryMb);
  const ca = costPerMillion(ua, prices, a.lambda.architecture);
  const cb = costPerMillion(ub, prices, b.lambda.architecture);
  const levels = [...new Set([...a.throughput, ...b.throughput].map((t) => t.level))].sort((x, y) => x - y);
  const at = (list: SystemResult['throughput'], n: number) => list.find((t) => t.level === n);
  const tp = (t: SystemResult['throughput'][number] | undefined, pick: (t: SystemResult['throughput'][number]) => string) => (t ? pick(t) : '—');
  return [
    `# Benchmark results: ours / baseline`,
    '',
    `${run.date} · ${run.machine} · load average at the end ${run.loadAverageAtEnd.join(', ')} · DynamoDB engine: ${run.engine} · whole run ${num(run.seconds, 0)} s`,
    `Options: \`${JSON.stringify(run.options)}\``,
    `1-minute load average during each system's run (start → end; 2 cores): ours ${num(a.loadAverage.start)} → ${num(a.loadAverage.end)}, baseline ${num(b.loadAverage.start)} → ${num(b.loadAverage.end)}. The baseline runs first and is stopped before ours starts.`,
    '',
    '## End-to-end latency (ms, send → receive; latency run)',
    '',
    '| path | p50 | p95 | p99 | max | n |',
    '|---|---|---|---|---|---|',
    latencyRow('visitor → seller', a.latency.visitorToSeller, b.latency.visitorToSeller),
    latencyRow('seller → visitor', a.latency.sellerToVisitor, b.latency.sellerToVisitor),
    latencyRow('InitChat → ack', a.latency.initChat, b.latency.initChat),
    latencyRow('connect → usable', a.latency.connect, b.latency.connect),
    '',
    `Failures: connects ${pair(String(a.failures.connects), String(b.failures.connects))}, InitChats ${pair(String(a.failures.initChats), String(b.failures.initChats))}, messages lost ${pair(String(a.failures.messagesLost), String(b.failures.messagesLost))}.`,
    '',
    '## Sustained throughput (delivered messages per second)',
    '',
    '| connections asked | opened | active chats | delivered msg/s | delivered | lost | load seconds | setup seconds (connect + InitChat) |',
    '|---|---|---|---|---|---|---|---|',
    ...levels.map((n) => {
      const x = at(a.throughput, n);
      const y = at(b.throughput, n);
      return `| ${n} | ${pair(tp(x, (t) => String(t.connections)), tp(y, (t) => String(t.connections)))} | ${pair(tp(x, (t) => String(t.chats)), tp(y, (t) => String(t.chats)))} | ${pair(tp(x, (t) => num(t.perSecond)), tp(y, (t) => num(t.perSecond)))} | ${pair(tp(x, (t) => String(t.delivered)), tp(y, (t) => String(t.delivered)))} | ${pair(tp(x, (t) => String(t.lost)), tp(y, (t) => String(t.lost)))} | ${pair(tp(x, (t) => num(t.seconds)), tp(y, (t) => num(t.seconds)))} | ${pair(tp(x, (t) => num(t.setupSeconds)), tp(y, (t) => num(t.setupSeconds)))} |`;
    }),
    '',
    '## DynamoDB requests, counted at the local endpoint',
    '',
    ...dynamoTable('per delivered message (sendMessage path)', a.phases.message, b.phases.message),
    '',
    ...dynamoTable('per InitChat', a.phases.initChat, b.phases.initChat),
    '',
    ...dynamoTable('per connection ($connect + $disconnect)', a.phases.connection, b.phases.connection),
    '',
    '## Lambda invocations (per unit × mean billed duration under serverless-offline)',
    '',
    `- per message: ours ${lambdaLine(a.phases.message)}; baseline ${lambdaLine(b.phases.message)}`,
    `- per InitChat: ours ${lambdaLine(a.phases.initChat)}; baseline ${lambdaLine(b.phases.initChat)}`,
    `- per connection: ours ${lambdaLine(a.phases.connection)}; baseline ${lambdaLine(b.phases.connection)}`,
    '',
    '## Bundles (esbuild metafile) and cold import (fresh `node`, median)',
    '',
    ...bundleTable(a.bundles, b.bundles),
    '',
    `## Estimated cost per 1 million chat messages (AWS ${prices.aws.region}, prices recorded ${prices.recorded})`,
    '',
    `Session model: ${prices.session.messagesPerChat} messages per chat, ${prices.session.connectionsPerChat} connections of ${prices.session.minutesPerConnection} min each; Lambda at ${a.lambda.memoryMb} MB ${a.lambda.architecture} / ${b.lambda.memoryMb} MB ${b.lambda.architecture}.`,
    '',
    ...costTable(ua, ub, ca, cb, prices),
    '',
    `Prices: ${prices.basis} Sources: ${[...prices.aws.sources, ...prices.hosted.map((h) => h.source)].join('; ')}.`,
    '',
  ].join('\n');
}
