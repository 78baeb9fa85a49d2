/**
 * serverless-offline runs `schedule` events itself (ours: the grace-period sweep, `rate(1 minute)`), at
 * the start of every minute, whatever startStack's `sweepIntervalMs` says. A measured phase that would
 * straddle a minute boundary waits for the scheduled run to pass, so that its requests stay out of the phase.
 */

/** A phase that starts closer than this to the next minute waits for the scheduled function to have run. */
export const SCHEDULE_GUARD_MS = 20_000;

/**
 * Milliseconds to wait before a phase so that it does not overlap the scheduled function (offline fires
 * it at the start of every minute): 0 with at least `guardMs` left before the next minute, otherwise
 * until `settleMs` past it.
 */
export function waitBeforePhase(nowMs: number, guardMs = SCHEDULE_GUARD_MS, settleMs = 3000): number {
  const toBoundary = 60_000 - (nowMs % 60_000);
  return toBoundary >= guardMs ? 0 : toBoundary + settleMs;
}

