/**
 * The loop both scheduled sweeps share: read a page of what is due from a sparse index, handle each
 * entry once, and read again until a page brings nothing new or the time budget is spent. An entry
 * the handler left in the index (looked at too early, or due again later) is not handled twice.
 */
/** Entries read per page of a sweep. */
export const SWEEP_PAGE = 50;

export async function sweepPages<T>(page: () => Promise<T[]>, keyOf: (entry: T) => string, handle: (entry: T) => Promise<void>, budgetMs: number): Promise<void> {
  const deadline = Date.now() + budgetMs;
  const seen = new Set<string>();
  while (Date.now() < deadline) {
    const fresh = (await page()).filter((entry) => !seen.has(keyOf(entry)));
    if (fresh.length === 0) return;
    for (const entry of fresh) {
      seen.add(keyOf(entry));
      await handle(entry);
    }
  }
}
