/** Every timer of the dashboard, in one place: how long each waits and the event it feeds the reducer. */
import type { TimerSpec } from '../shared/timers';
import type { DashboardEvent, DashboardTimer } from './events';

export const DASHBOARD_TIMERS: Record<DashboardTimer, TimerSpec<DashboardEvent>> = {
  /** lifecycle frames come in bursts (assigned + transferred + queued): one list reload for all */
  reload: { afterMs: 250, fires: { type: 'reloadDue' } },
  /** the seller stopped typing: `typing stop` */
  typingIdle: { afterMs: 3000, fires: { type: 'typingIdle' } },
  /** the visitor's typing indicator goes away by itself if no `stop` comes */
  visitorTyping: { afterMs: 6000, fires: { type: 'visitorTypingExpired' } },
  /** started with the time the token has left */
  tokenExpiry: { fires: { type: 'tokenExpired' } },
};
