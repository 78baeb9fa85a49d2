/** What the grace-period sweep needs in this container. */
import { config } from '../platform/config';
import { logger } from '../platform/logger';
import type { GracePeriodDeps } from '../routing/grace-period';
import { connectionTtlMs } from './delivery';
import { lifecycle } from './lifecycle';
import { lines } from './lines';
import { sellers } from './sellers';

export const gracePeriod: GracePeriodDeps = {
  sellers,
  lines,
  lifecycle,
  graceSeconds: config().limits.presenceGraceSeconds,
  connectionTtlMs,
  log: logger,
};
