/**
 * What our handlers write, read from serverless-offline's output (in-process, a handler's stdout and
 * stderr are offline's own, which startStack relays to `onOutput`):
 * - the `invocation trace` line every handler logs with CHAT_TRACE=1 (lib/platform/trace.ts):
 *   its DynamoDB requests and the sequential round trips before its first push;
 * - every other structured log line (`{"level":…,"msg":…}`), whose bytes CloudWatch Logs would ingest.
 * Lines are kept in order, so a phase is the slice between two snapshots.
 */

export interface TraceLine {
  route: string;
  dynamoRequests: number;
  /** null when the invocation pushed nothing */
  roundTripsBeforePush: number | null;
  /** the V8 heap's growth over the invocation and the process's resident memory at its end (MB); absent in older lines */
  heapGrowthMb?: number;
  rssMb?: number;
}

export interface LogLine {
  /** the `route` field of the line ($connect, sendMessage…), or `other` */
  route: string;
  level: string;
  /** UTF-8 bytes of the line as the handler wrote it, without the newline */
  bytes: number;
  /** characters JSON escaping adds when Lambda's JSON log format puts the line into its `message` string */
  escapes: number;
}

const LEVELS = new Set(['debug', 'info', 'warn', 'error', 'fatal']);

function jsonObjectIn(line: string): Record<string, unknown> | undefined {
  const start = line.indexOf('{');
  if (start < 0) return undefined;
  try {
    const value = JSON.parse(line.slice(start)) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The trace line in `line`, if it is one (offline may prefix a relayed line; the JSON object is what counts). */
export function parseTraceLine(line: string): TraceLine | undefined {
  if (!line.includes('invocation trace')) return undefined;
  const value = jsonObjectIn(line);
  if (!value || value.level !== 'trace' || value.msg !== 'invocation trace') return undefined;
  const requests = value.dynamoRequests;
  const trips = value.roundTripsBeforePush;
  if (typeof value.route !== 'string' || typeof requests !== 'number') return undefined;
  if (trips !== null && typeof trips !== 'number') return undefined;
  const memory = {
    ...(typeof value.heapGrowthMb === 'number' ? { heapGrowthMb: value.heapGrowthMb } : {}),
    ...(typeof value.rssMb === 'number' ? { rssMb: value.rssMb } : {}),
  };
  return { route: value.route, dynamoRequests: requests, roundTripsBeforePush: trips, ...memory };
}

/** A structured application log line (not a trace line, not offline's own output). */
export function parseLogLine(line: string): LogLine | undefined {
  const start = line.indexOf('{');
  if (start < 0) return undefined;
  const value = jsonObjectIn(line);
  if (!value || typeof value.level !== 'string' || !LEVELS.has(value.level) || typeof value.msg !== 'string') return undefined;
  const text = line.slice(start).trimEnd();
  return {
    route: typeof value.route === 'string' ? value.route : 'other',
    level: value.level,
    bytes: Buffer.byteLength(text),
    escapes: (text.match(/["\\]/g) ?? []).length,
  };
}

export interface HandlerLogMark {
  traces: number;
  logs: number;
}

/** Accumulates from output chunks; a line split across chunks is joined with the next one. */
export class HandlerLog {
  readonly traces: TraceLine[] = [];
  readonly logs: LogLine[] = [];
  private carry = '';

  push(text: string): void {
    const joined = this.carry + text;
    const lastNewline = joined.lastIndexOf('\n');
    const complete = lastNewline >= 0 ? joined.slice(0, lastNewline) : '';
    this.carry = lastNewline >= 0 ? joined.slice(lastNewline + 1) : joined;
    if (this.carry.length > 65_536) this.carry = '';
    if (!complete) return;
    for (const line of complete.split('\n')) {
      const trace = parseTraceLine(line);
      if (trace) {
        this.traces.push(trace);
        continue;
      }
      const log = parseLogLine(line);
      if (log) this.logs.push(log);
    }
  }

  mark(): HandlerLogMark {
    return { traces: this.traces.length, logs: this.logs.length };
  }

  since(mark: HandlerLogMark): { traces: TraceLine[]; logs: LogLine[] } {
    return { traces: this.traces.slice(mark.traces), logs: this.logs.slice(mark.logs) };
  }
}

export interface RoundTrips {
  /** invocations of the route in the phase */
  invocations: number;
  /** of them, those that pushed something (the others have no round trips before a push) */
  pushed: number;
  max: number | null;
  median: number | null;
  /** how many invocations needed each number of round trips, e.g. { "2": 198, "3": 2 } */
  histogram: Record<string, number>;
  meanDynamoRequests: number;
}

/** Round trips before the first push over `route`'s traces (lower median of the invocations that pushed). */
export function roundTripsOf(traces: readonly TraceLine[], route: string): RoundTrips {
  const mine = traces.filter((t) => t.route === route);
  const trips = mine
    .map((t) => t.roundTripsBeforePush)
    .filter((n): n is number => n !== null)
    .sort((a, b) => a - b);
  const histogram: Record<string, number> = {};
  for (const n of trips) histogram[String(n)] = (histogram[String(n)] ?? 0) + 1;
  return {
    invocations: mine.length,
    pushed: trips.length,
    max: trips.length ? (trips[trips.length - 1] as number) : null,
    median: trips.length ? (trips[Math.ceil(trips.length / 2) - 1] as number) : null,
    histogram,
    meanDynamoRequests: mine.length ? mine.reduce((sum, t) => sum + t.dynamoRequests, 0) / mine.length : 0,
  };
}

/** Bytes per route of a phase's log lines: raw, and as Lambda's JSON log format would ingest them. */
export function logBytesByRoute(logs: readonly LogLine[], envelopeBytes: number): Record<string, { lines: number; bytes: number; ingestedBytes: number }> {
  const out: Record<string, { lines: number; bytes: number; ingestedBytes: number }> = {};
  for (const line of logs) {
    const entry = (out[line.route] ??= { lines: 0, bytes: 0, ingestedBytes: 0 });
    entry.lines++;
    entry.bytes += line.bytes;
    entry.ingestedBytes += line.bytes + line.escapes + envelopeBytes;
  }
  return out;
}
