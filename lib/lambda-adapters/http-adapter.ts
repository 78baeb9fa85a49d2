/**
 * What every HTTP route shares: JSON in and out, and errors mapped to status codes in one place.
 * CORS headers come from the HTTP API's own CORS setting (serverless.yml), not from here.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { publicError } from '../platform/errors';
import { logger, type Logger } from '../platform/logger';
import { metrics } from '../platform/metrics';
import { traced } from '../platform/trace';

export interface HttpRequest {
  event: APIGatewayProxyEventV2;
  requestId: string;
  log: Logger;
}

export interface HttpResult {
  status: number;
  body: unknown;
}

function respond(status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** The request body as text, whatever API Gateway did to it. */
export function bodyText(event: APIGatewayProxyEventV2): string | undefined {
  if (event.body === undefined || event.body === null) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function httpHandler(route: string, run: (request: HttpRequest) => Promise<HttpResult>) {
  return (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    traced(route, async () => {
      const requestId = event.requestContext?.requestId ?? 'unknown';
      const log = logger.child({ route, requestId });
      try {
        const result = await run({ event, requestId, log });
        return respond(result.status, result.body);
      } catch (error) {
        const failure = publicError(error);
        metrics.count(`Refused_${failure.code}`);
        // an outage is still an error for the operators, though the client may retry it
        if (failure.code === 'INTERNAL' || failure.code === 'UNAVAILABLE') log.error('route failed', { error });
        else log.info('request refused', { code: failure.code, reason: failure.message });
        const retryAfter = failure.retryAfterSeconds;
        return respond(
          failure.httpStatus,
          { error: { code: failure.code, message: failure.message, ...(retryAfter ? { retryAfter } : {}) }, requestId },
          retryAfter ? { 'retry-after': String(retryAfter) } : {},
        );
      }
    });
}
