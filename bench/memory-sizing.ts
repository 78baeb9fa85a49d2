/**
 * Lambda memory from measurement: a function's peak is the resident memory of a fresh node that
 * required its bundle (bench/bundles.ts, the function's INIT alone) plus the largest heap growth an
 * invocation showed in the handlers' trace lines (lib/platform/trace.ts, process.memoryUsage). Offline
 * runs every handler in one process, so that growth cannot be told apart per function: the largest over
 * all of them is added to each, which errs on the large side. The size is that peak with 50% headroom,
 * rounded up to 64 MB, never under Lambda's 128 MB. A function the bench never invoked has no measured
 * invocation: its row says so, and serverless.yml keeps the provider's size for it.
 */
import type { Bundle } from './bundles';
import type { LambdaSettings } from './systems';

export const MIN_LAMBDA_MB = 128;
const HEADROOM = 1.5;
const STEP_MB = 64;

export function sizedMemoryMb(peakMb: number): number {
  return Math.max(MIN_LAMBDA_MB, Math.ceil((peakMb * HEADROOM) / STEP_MB) * STEP_MB);
}

export interface MemoryRow {
  functionName: string;
  bundle: string;
  rssAfterRequireMb: number;
  heapGrowthMb: number;
  peakMb: number;
  /** null for a function the bench did not invoke: its peak is its INIT alone */
  sizedMb: number | null;
  /** what serverless.yml gives the function now: its own memorySize or the provider's */
  configuredMb: number;
}

/** One row per function of our bundles; the Node 22 binary's resident memory counts when it was measured and is larger. */
export function memoryTable(bundles: readonly Bundle[], maxHeapGrowthMb: number, lambda: LambdaSettings, invoked: ReadonlySet<string>): MemoryRow[] {
  return bundles
    .flatMap((bundle) =>
      bundle.functions.map((functionName) => {
        const rss = Math.max(bundle.rssAfterRequireMb, bundle.node22?.rssAfterRequireMb ?? 0);
        const peakMb = rss + maxHeapGrowthMb;
        return {
          functionName,
          bundle: bundle.handler,
          rssAfterRequireMb: rss,
          heapGrowthMb: maxHeapGrowthMb,
          peakMb,
          sizedMb: invoked.has(functionName) ? sizedMemoryMb(peakMb) : null,
          configuredMb: lambda.memoryByFunction?.[functionName] ?? lambda.memoryMb,
        };
      }),
    )
    .sort((a, b) => a.functionName.localeCompare(b.functionName));
}
