import { answerChat, type AnswerJob } from '../lib/assistant/answer-chat';
import { logger } from '../lib/platform/logger';
import { traced } from '../lib/platform/trace';
import { assistantDeps } from '../lib/wiring/assistant';

/** Invoked asynchronously by sendMessage: the shop's assistant answers one visitor message of a waiting chat. */
export function handler(job: AnswerJob) {
  return traced('assistantAnswer', async () => {
    const outcome = await answerChat(assistantDeps, job);
    if (outcome.kind === 'skipped') logger.info('assistant skipped', { contactId: job.contactId, why: outcome.why });
    return { kind: outcome.kind };
  });
}
