/** Every timer of the dashboard, in one place: how long each waits and the event it feeds the reducer. */
import type { TimerSpec } from '../shared/timers';
import type { DashboardEvent, DashboardTimer } from './reducer';

export const DASHBOARD_TIMERS: Record<DashboardTimer, TimerSpec<DashboardEvent>> = {
  /** lifecycle frames come in bursts (assigned + transferred + queued): one list reload for all */
  reload: { afterMs: 250, fires: { type: 'reloadDue' } },
  /**
   * Until the dashboard follows `contactLeftQueue`, a queued chat that a teammate took (or its
   * visitor ended) stays in the Queued tab: while chats wait there, the lists are read again at this pace.
   */
  queueRefresh: { everyMs: 30_000, fires: { type: 'queueRefreshDue' } },
  /** the seller stopped typing: `typing stop` */
  typingIdle: { afterMs: 3000, fires: { type: 'typingIdle' } },
  /** the visitor's typing indicator goes away by itself if no `stop` comes */
  visitorTyping: { afterMs: 6000, fires: { type: 'visitorTypingExpired' } },
  /** started with the time the token has left */
  tokenExpiry: { fires: { type: 'tokenExpired' } },
};
