/** What the scheduled sweeps (grace period, first response) need in this container. */
import { config } from '../platform/config';
import { logger } from '../platform/logger';
import type { FirstResponseDeps } from '../routing/first-response';
import type { GracePeriodDeps } from '../routing/grace-period';
import { connectionTtlMs } from './delivery';
import { lifecycle } from './lifecycle';
import { lines } from './lines';
import { queries } from './queries';
import { sellers } from './sellers';

export const gracePeriod: GracePeriodDeps = {
  sellers,
  lines,
  lifecycle,
  graceSeconds: config().limits.presenceGraceSeconds,
  connectionTtlMs,
  log: logger,
};

export const firstResponse: FirstResponseDeps = { chats: queries, lifecycle, log: logger };
