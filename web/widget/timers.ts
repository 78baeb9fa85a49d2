/** Every timer of the widget, in one place: how long each waits and the event it feeds the reducer. */
import type { TimerSpec } from '../shared/timers';
import type { WidgetEvent, WidgetTimer } from './events';

export const WIDGET_TIMERS: Record<WidgetTimer, TimerSpec<WidgetEvent>> = {
  /** resends what timed out and what waited for a retry */
  outboxFlush: { everyMs: 1000, fires: { type: 'outboxDue' } },
  /** new replies over HTTP while the socket is down */
  poll: { everyMs: 3000, fires: { type: 'pollDue' } },
  /** the visitor stopped typing: `typing stop` */
  typingIdle: { afterMs: 3000, fires: { type: 'typingIdle' } },
  /** a lost `stop` must not leave "The seller is typing…" on forever */
  sellerTyping: { afterMs: 6000, fires: { type: 'sellerTypingExpired' } },
  /** an answer whose deltas stopped without its message (the answering function failed) must not stay half written */
  answerStalled: { afterMs: 30_000, fires: { type: 'answerStalled' } },
};
