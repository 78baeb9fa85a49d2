/**
 * An invocation's own trace of its DynamoDB requests: with CHAT_TRACE=1 every handler logs one
 * line, `invocation trace`, saying how many requests it made and how many of them had to wait for
 * another before the first push went out (the round trips on the path of a message). The
 * benchmark reads these lines; in production the variable is unset and nothing is recorded.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { getHeapStatistics } from 'node:v8';
import { withSubsegment } from '#xray';
import { metrics } from './metrics';
import { readSetting } from './settings';

interface Span {
  start: number;
  end?: number;
}

interface Trace {
  spans: Span[];
  firstPushAt?: number;
  /** V8 heap in use when the invocation started, for its growth at the end */
  heapAtStart: number;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
// process.memoryUsage().heapUsed without its resident-set read from /proc: twice per invocation on the bench's hot path
const heapUsed = () => getHeapStatistics().used_heap_size;

const enabled = readSetting('CHAT_TRACE') === '1';
const current = new AsyncLocalStorage<Trace>();

/**
 * Runs one invocation with a trace when tracing is on; logs the trace at its end. Writes the container's metrics line when one is due.
 * The work is one X-Ray subsegment named by `route` in a TRACING=true build (lib/platform/xray.ts), and runs as it is otherwise.
 */
export async function traced<T>(route: string, run: () => Promise<T>): Promise<T> {
  metrics.useRoute(route);
  const trace: Trace | undefined = enabled ? { spans: [], heapAtStart: heapUsed() } : undefined;
  try {
    return await withSubsegment(route, () => (trace ? current.run(trace, run) : run()));
  } finally {
    metrics.flushIfDue();
    // written whatever LOG_LEVEL says: the benchmark runs a quiet stack and still needs every line
    if (trace) {
      // the heap's growth over the invocation sizes the function's memory (npm run bench's memory table)
      const heapAtEnd = heapUsed();
      console.log(
        JSON.stringify({
          level: 'trace',
          msg: 'invocation trace',
          route,
          dynamoRequests: trace.spans.length,
          roundTripsBeforePush: roundTripsBefore(trace),
          heapGrowthMb: mb(Math.max(0, heapAtEnd - trace.heapAtStart)),
          rssMb: mb(process.memoryUsage.rss()),
        }),
      );
    }
  }
}

/** Marks the start of a DynamoDB request; the returned function marks its end. */
export function traceRequest(): () => void {
  const trace = enabled ? current.getStore() : undefined;
  if (!trace) return () => undefined;
  const span: Span = { start: performance.now() };
  trace.spans.push(span);
  return () => {
    span.end = performance.now();
  };
}

/** Marks a push to a connection (the first one is what the round trips are counted up to). */
export function tracePush(): void {
  const trace = enabled ? current.getStore() : undefined;
  if (trace && trace.firstPushAt === undefined) trace.firstPushAt = performance.now();
}

/**
 * The longest chain of requests, each started after the one before it ended, among those started
 * before the first push; null when nothing was pushed. Requests issued together count once.
 */
export function roundTripsBefore(trace: { spans: { start: number; end?: number }[]; firstPushAt?: number }): number | null {
  if (trace.firstPushAt === undefined) return null;
  const before = trace.spans.filter((span) => span.start < (trace.firstPushAt as number)).sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  before.forEach((span, index) => {
    let deepest = 0;
    for (let earlier = 0; earlier < index; earlier++) {
      const end = before[earlier]?.end;
      if (end !== undefined && end <= span.start) deepest = Math.max(deepest, depth[earlier] ?? 0);
    }
    depth[index] = deepest + 1;
  });
  return depth.length ? Math.max(...depth) : 0;
}
