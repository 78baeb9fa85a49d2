import { logger } from '../lib/platform/logger';
import { traced } from '../lib/platform/trace';
import { sweepGoneSellers } from '../lib/routing/grace-period';
import { gracePeriod } from '../lib/wiring/grace-period';

/** Runs on a schedule (every minute on AWS; `npm start` and the test stack on their own interval): the grace-period sweep. */
export function handler(): Promise<{ sellers: number; requeued: number }> {
  return traced('sweep', async () => {
    try {
      return await sweepGoneSellers(gracePeriod);
    } catch (error) {
      logger.error('sweep failed', { error });
      throw error;
    }
  });
}
