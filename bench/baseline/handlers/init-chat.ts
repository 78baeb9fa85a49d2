import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE, db, post } from './aws';

/** InitChat as in the seed: a random contact_id, noted on the connection row, echoed back. No seller assignment. */
export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResult> {
  const { connectionId } = event.requestContext;
  const { sellerId, userInfo } = JSON.parse(event.body || '{}') as { sellerId?: string; userInfo?: unknown };
  if (!sellerId || !userInfo) return { statusCode: 400, body: 'Missing sellerId or userInfo' };
  const contactId = Math.random().toString(36).substring(2, 15);
  await db.send(
    new UpdateCommand({
      TableName: TABLE,
      Key: { connectionId },
      UpdateExpression: 'SET sellerId = :sid, userInfo = :ui, contact_id = :cid, updatedAt = :ua',
      ExpressionAttributeValues: { ':sid': sellerId, ':ui': userInfo, ':cid': contactId, ':ua': new Date().toISOString() },
    }),
  );
  await post(event.requestContext, connectionId, { action: 'InitChat', contact_id: contactId, message: 'Chat initialized successfully' });
  return { statusCode: 200, body: 'InitChat handled' };
}
