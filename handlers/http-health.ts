import { httpHandler } from '../lib/http-adapter';
import { health } from '../lib/status';

/** GET /v1/health (no auth): liveness plus one DynamoDB round trip; 503 when DynamoDB does not answer. */
export const handler = httpHandler('GET /v1/health', async ({ log }, deps) => {
  const result = await health(deps.status, log);
  return { status: result.healthy ? 200 : 503, body: result.body };
});
