/**
 * CloudWatch metrics without an API call: counts kept in the container and written as one line in
 * the embedded metric format (EMF), which CloudWatch Logs turns into metrics. Powertools' `Metrics`
 * builds and checks that line; the counts are summed here first, because Powertools writes a line
 * per invocation and keeps each count as a list of 1s, while a container here writes at most one
 * line a minute (or when a timing list fills), so a message costs no log bytes of its own.
 * Dimensions are the stage and the route only, never an id. Counts a container holds when it is
 * shut down are lost: these are for dashboards and alarms, not for billing.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { readSetting } from './settings';

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
  | 'AssistantAnswers'
  | 'AssistantInputTokens'
  | 'AssistantOutputTokens'
  | 'ChatsRated'
  | 'RatingPoints'
  | `Rated_${string}`
  | `AssistantLimited_${string}`
  | 'AssistantResolvedChats'
  | `AssistantHandoffs_${string}`
  | `Refused_${string}`;
export type TimingMetric = 'QueueWaitMs' | 'FirstResponseMs' | 'AssistantFirstDeltaMs';

/** EMF caps a metric's value list at 100 entries, and Powertools writes a line itself when one reaches 100: one fewer keeps every write here. */
const MAX_VALUES = 99;
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
      const line = emfLine(dimensions, counts, timings, now);
      counts = new Map();
      timings = new Map();
      since = now;
      full = false;
      return line;
    },
  };
}

/** The EMF document of one flush, built by Powertools (which checks names, units and dimensions). */
function emfLine(dimensions: { stage: string; route: string }, counts: Map<string, number>, timings: Map<string, number[]>, now: number): string {
  const emf = new Metrics({ namespace: METRICS_NAMESPACE });
  // Powertools adds a `service` dimension by default; the alarms and the dashboard watch stage and route
  emf.clearDefaultDimensions();
  emf.setDefaultDimensions({ stage: dimensions.stage });
  // per route, and per stage alone for the alarms that watch the whole service
  emf.addDimension('route', dimensions.route);
  emf.addDimensions({});
  for (const [name, sum] of counts) emf.addMetric(name, MetricUnit.Count, sum);
  for (const [name, values] of timings) for (const ms of values) emf.addMetric(name, MetricUnit.Milliseconds, ms);
  emf.setTimestamp(now);
  return JSON.stringify(emf.serializeMetrics());
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
  containerBuffer ??= metricsBuffer({ stage: readSetting('STAGE') as string, route: currentRoute });
  return containerBuffer;
}
