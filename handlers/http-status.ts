import { callerOf, requireSeller } from '../lib/access/callers';
import { httpHandler } from '../lib/edge/http-adapter';
import { config } from '../lib/platform/config';
import { serviceStatus } from '../lib/platform/status';
import { status } from '../lib/wiring/status';

/** GET /v1/status (seller token): version, stage, table names and open connections. */
export const handler = httpHandler('GET /v1/status', async ({ event }) => {
  requireSeller(await callerOf(event.headers));
  return { status: 200, body: await serviceStatus(status, config()) };
});
