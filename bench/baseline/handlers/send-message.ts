import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE, db, post } from './aws';

/** sendMessage as in the seed: one GSI query for `to`, one PostToConnection to its first connection. */
export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResult> {
  const { from, to, message } = JSON.parse(event.body || '{}') as { from?: string; to?: string; message?: string };
  if (!to || !message) return { statusCode: 400, body: "Missing 'to' or 'message'" };
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE,
      IndexName: 'UserIdIndex',
      KeyConditionExpression: 'userId = :uid',
      ExpressionAttributeValues: { ':uid': to },
    }),
  );
  const recipient = result.Items?.[0];
  if (!recipient?.connectionId) return { statusCode: 404, body: 'User not connected' };
  await post(event.requestContext, recipient.connectionId as string, {
    action: 'sendMessage',
    from,
    message,
    timestamp: new Date().toISOString(),
  });
  return { statusCode: 200, body: 'Message sent successfully' };
}
