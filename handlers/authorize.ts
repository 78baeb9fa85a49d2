import { decideUpgrade } from '../lib/access/connecting';
import { plainSellerTokenVerifier } from '../lib/wiring/seller-verifier';
import { tokenSecret } from '../lib/wiring/token-secret';
import { config } from '../lib/wiring/config';
import { logger } from '../lib/platform/logger';
import { traced } from '../lib/platform/trace';

interface AuthorizerEvent {
  methodArn: string;
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  requestContext?: { connectionId?: string; identity?: { sourceIp?: string } };
}

const settings = config();

/**
 * The $connect REQUEST authorizer: decides who the connection is, once. API Gateway hands the
 * context to every later event of the connection, so no route reads a table to learn its sender.
 */
export async function handler(event: AuthorizerEvent) {
  return traced('authorize', async () => {
    const decision = await decideUpgrade(
      { query: event.queryStringParameters, headers: event.headers, sourceIp: event.requestContext?.identity?.sourceIp },
      { sellerTokens: await plainSellerTokenVerifier(), ticketSecret: await tokenSecret(), widgetOrigins: settings.widgetOrigins },
    );
    if ('unauthorized' in decision) {
      logger.info('upgrade unauthorized', { connectionId: event.requestContext?.connectionId, reason: decision.unauthorized });
      // API Gateway answers 401 when an authorizer fails with "Unauthorized"; serverless-offline expects it returned
      if (settings.isOffline) return 'Unauthorized';
      throw new Error('Unauthorized');
    }
    return {
      principalId: decision.allow.userId ?? 'refused',
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
      context: decision.allow,
    };
  });
}
