import type { APIGatewayProxyWebsocketEventV2, APIGatewayProxyResult } from 'aws-lambda';
import { disconnect } from '../lib/presence';
import { services } from '../lib/services';

/** $disconnect is best effort on AWS; rows it misses expire through the table's TTL. */
export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResult> {
  const deps = services();
  const { connectionId } = event.requestContext;
  try {
    await disconnect(deps, connectionId);
  } catch (error) {
    deps.log.error('disconnect cleanup failed', { connectionId, error });
  }
  return { statusCode: 200, body: '' };
}
