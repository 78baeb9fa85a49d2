/**
 * CloudWatch metrics without an API call: counts kept in the container and written as one line in
 * the embedded metric format (EMF), which CloudWatch Logs turns into metrics. A container writes
 * at most one line a minute (or when a timing list fills), so a message costs no log bytes of
 * its own. Dimensions are the stage and the route only, never an id. Counts a container holds
 * when it is shut down are lost: these are for dashboards and alarms, not for billing.
 */
export const METRICS_NAMESPACE = 'SellerChat';

/** Counts, and timings in ms (each value kept, so CloudWatch can compute percentiles). */
export type CountMetric =
  | 'VisitorMessagesStored'
  | 'SellerMessagesStored'
  | 'VisitorMessagesDelivered'
  | 'SellerMessagesDelivered'
  | 'PushesGone'
  | 'PushesFailed'
  | 'ChatsAssigned'
  | 'ChatsQueued'
  | 'VisitorConnectionsOpened'
  | 'SellerConnectionsOpened'
  | `Refused_${string}`;
export type TimingMetric = 'QueueWaitMs';

/** EMF caps a metric's value list at 100 entries. */
const MAX_VALUES = 100;
const FLUSH_EVERY_MS = 60_000;

export interface MetricsBuffer {
  count(name: CountMetric, by?: number): void;
  timing(name: TimingMetric, ms: number): void;
  /** The EMF line of what was recorded since the last one, if it is due (or `force`); undefined when nothing is. */
  takeLine(now?: number, force?: boolean): string | undefined;
}

export function metricsBuffer(dimensions: { stage: string; route: string }, clock: () => number = Date.now): MetricsBuffer {
  let counts = new Map<string, number>();
  let timings = new Map<string, number[]>();
  let since = clock();
  let full = false;
  return {
    count(name, by = 1) {
      counts.set(name, (counts.get(name) ?? 0) + by);
    },
    timing(name, ms) {
      const values = timings.get(name) ?? [];
      values.push(Math.max(0, Math.round(ms)));
      timings.set(name, values);
      if (values.length >= MAX_VALUES) full = true;
    },
    takeLine(now = clock(), force = false) {
      if (counts.size === 0 && timings.size === 0) return undefined;
      if (!force && !full && now - since < FLUSH_EVERY_MS) return undefined;
      const metrics = [
        ...[...counts.keys()].map((name) => ({ Name: name, Unit: 'Count' })),
        ...[...timings.keys()].map((name) => ({ Name: name, Unit: 'Milliseconds' })),
      ];
      const line = JSON.stringify({
        // per route, and per stage alone for the alarms that watch the whole service
        _aws: { Timestamp: now, CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [['stage', 'route'], ['stage']], Metrics: metrics }] },
        ...dimensions,
        ...Object.fromEntries(counts),
        ...Object.fromEntries(timings),
      });
      counts = new Map();
      timings = new Map();
      since = now;
      full = false;
      return line;
    },
  };
}

let containerBuffer: MetricsBuffer | undefined;
let currentRoute = 'unknown';

/** This container's metrics (one function, so one route, per container). */
export const metrics = {
  /** Names the route the container serves (a container serves one; a change writes what the old route recorded). */
  useRoute(route: string): void {
    if (route === currentRoute) return;
    const line = containerBuffer?.takeLine(Date.now(), true);
    if (line) process.stdout.write(`${line}\n`);
    containerBuffer = undefined;
    currentRoute = route;
  },
  count(name: CountMetric, by = 1): void {
    buffer().count(name, by);
  },
  timing(name: TimingMetric, ms: number): void {
    buffer().timing(name, ms);
  },
  /** What was recorded since the last line, as the EMF line, whether or not it is due (tests read it). */
  takeLine(): string | undefined {
    return containerBuffer?.takeLine(Date.now(), true);
  },
  /** Writes the EMF line when one is due. Straight to stdout: the runtime's JSON log format would wrap a console line and hide it from EMF. */
  flushIfDue(): void {
    const line = containerBuffer?.takeLine();
    if (line) process.stdout.write(`${line}\n`);
  },
};

function buffer(): MetricsBuffer {
  containerBuffer ??= metricsBuffer({ stage: process.env.STAGE ?? 'local', route: currentRoute });
  return containerBuffer;
}
