/** What the scheduled sweeps (grace period, first response) need in this container. */
import { config } from './config';
import { logger } from '../platform/logger';
import type { FirstResponseDeps } from '../jobs/first-response';
import type { GracePeriodDeps } from '../jobs/grace-period';
import { connectionTtlMs } from './delivery';
import { lifecycle } from './lifecycle';
import { chats } from './chats';
import { queries } from './queries';
import { sellers } from './sellers';

export const gracePeriod: GracePeriodDeps = {
  sellers,
  chats,
  lifecycle,
  graceSeconds: config().limits.presenceGraceSeconds,
  connectionTtlMs,
  log: logger,
};

export const firstResponse: FirstResponseDeps = { chats: queries, lifecycle, log: logger };
