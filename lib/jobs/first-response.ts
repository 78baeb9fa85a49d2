/**
 * The first-response sweep, run by the same scheduled function as the grace-period sweep: assigned
 * chats whose seller has not answered within the target's FIRST_RESPONSE_SECONDS are read from the
 * sparse byReplyDue index (never a scan) and offered to another available seller of their target.
 * A chat leaves the index at its seller's first reply, in the message's own write.
 */
import type { ChatLifecycle } from '../chat/lifecycle';
import type { Logger } from '../platform/logger';
import type { ChatQueries } from '../store/chat-queries';
import { SWEEP_PAGE, sweepPages } from './sweep-pages';

export interface FirstResponseDeps {
  chats: Pick<ChatQueries, 'replyDue'>;
  lifecycle: Pick<ChatLifecycle, 'reassignUnanswered'>;
  log: Pick<Logger, 'info'>;
}

/** One sweep: every chat whose first reply is overdue moves to another seller, or is due again later. */
export async function sweepUnanswered(deps: FirstResponseDeps, now = Date.now(), budgetMs = 20_000): Promise<{ due: number; moved: number }> {
  let due = 0;
  let moved = 0;
  // a chat kept (nobody else free) is due later and leaves the index's due range
  await sweepPages(
    () => deps.chats.replyDue(new Date(now).toISOString(), SWEEP_PAGE),
    (chat) => chat.contactId,
    async (chat) => {
      due++;
      if ((await deps.lifecycle.reassignUnanswered(chat, now)) === 'moved') moved++;
    },
    budgetMs,
  );
  if (due) deps.log.info('first-response sweep', { due, moved });
  return { due, moved };
}
