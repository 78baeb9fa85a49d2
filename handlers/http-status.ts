import { httpHandler } from '../lib/http-adapter';
import { callerOf, requireSeller } from '../lib/http-auth';
import { serviceStatus } from '../lib/status';

/** GET /v1/status (seller token): version, stage, table names and open connections. */
export const handler = httpHandler('GET /v1/status', async ({ event }, deps) => {
  requireSeller(await callerOf(event.headers));
  return { status: 200, body: await serviceStatus(deps.status, deps.config) };
});
