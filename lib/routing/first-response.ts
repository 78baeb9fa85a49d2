/**
 * The first-response sweep, run by the same scheduled function as the grace-period sweep: assigned
 * chats whose seller has not answered within the target's FIRST_RESPONSE_SECONDS are read from the
 * sparse byReplyDue index (never a scan) and offered to another available seller of their target.
 * A chat leaves the index at its seller's first reply, in the message's own write.
 */
import type { ChatLifecycle } from '../chat/lifecycle';
import type { Logger } from '../platform/logger';
import type { ChatQueries } from '../store/chat-queries';

export interface FirstResponseDeps {
  chats: Pick<ChatQueries, 'replyDue'>;
  lifecycle: Pick<ChatLifecycle, 'reassignUnanswered'>;
  log: Pick<Logger, 'info'>;
}

/** Chats looked at per round of a sweep. */
const SWEEP_PAGE = 50;

/** One sweep: every chat whose first reply is overdue moves to another seller, or is due again later. */
export async function sweepUnanswered(deps: FirstResponseDeps, now = Date.now(), budgetMs = 20_000): Promise<{ due: number; moved: number }> {
  const deadline = Date.now() + budgetMs;
  const seen = new Set<string>();
  let due = 0;
  let moved = 0;
  while (Date.now() < deadline) {
    // a chat kept (nobody else free) is due later and leaves this page; one seen already is not tried twice
    const page = (await deps.chats.replyDue(new Date(now).toISOString(), SWEEP_PAGE)).filter((chat) => !seen.has(chat.contactId));
    if (page.length === 0) break;
    for (const chat of page) {
      seen.add(chat.contactId);
      due++;
      if ((await deps.lifecycle.reassignUnanswered(chat, now)) === 'moved') moved++;
    }
  }
  if (due) deps.log.info('first-response sweep', { due, moved });
  return { due, moved };
}
