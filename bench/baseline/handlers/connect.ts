import type { APIGatewayProxyResult } from 'aws-lambda';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE, db } from './aws';

/** $connect as in the seed: store connectionId + userId; anyone may claim any userId. */
export async function handler(event: {
  requestContext: { connectionId: string };
  queryStringParameters?: Record<string, string | undefined> | null;
}): Promise<APIGatewayProxyResult> {
  const userId = event.queryStringParameters?.userId;
  if (!userId) return { statusCode: 400, body: 'userId query parameter is required' };
  await db.send(
    new PutCommand({
      TableName: TABLE,
      Item: { connectionId: event.requestContext.connectionId, userId, connectedAt: new Date().toISOString(), status: 'connected' },
    }),
  );
  return { statusCode: 200, body: '' };
}
