import { logger } from '../lib/platform/logger';
import { traced } from '../lib/platform/trace';
import { sweepUnanswered } from '../lib/jobs/first-response';
import { sweepGoneSellers } from '../lib/jobs/grace-period';
import { firstResponse, gracePeriod } from '../lib/wiring/grace-period';

/** Runs on a schedule (every minute on AWS; `npm start` and the test stack on their own interval): the grace-period and first-response sweeps. */
export function handler(): Promise<{ sellers: number; requeued: number; unanswered: number; moved: number }> {
  return traced('sweep', async () => {
    try {
      // gone sellers first: their chats requeue rather than move for a missed first reply
      const gone = await sweepGoneSellers(gracePeriod);
      const late = await sweepUnanswered(firstResponse);
      return { ...gone, unanswered: late.due, moved: late.moved };
    } catch (error) {
      logger.error('sweep failed', { error });
      throw error;
    }
  });
}
