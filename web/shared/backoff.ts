/**
 * Reconnect pacing (no DOM types, so unit tests import it): the delay before attempt `n` (0-based)
 * is min·2ⁿ capped at max, with up to half of it taken off at random.
 */
export function backoffDelay(attempt: number, minDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** attempt);
  return Math.round(ceiling * (1 - random() / 2));
}
