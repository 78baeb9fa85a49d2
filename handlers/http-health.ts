import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { health } from '../lib/routing/service-status';
import { status } from '../lib/wiring/status';

/** GET /v1/health (no auth): liveness plus one DynamoDB round trip; 503 when DynamoDB does not answer. */
export const handler = httpHandler('GET /v1/health', async ({ log }) => {
  const result = await health(status, log);
  return { status: result.healthy ? 200 : 503, body: result.body };
});
