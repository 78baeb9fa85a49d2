import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE, db } from './aws';

export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResult> {
  await db.send(new DeleteCommand({ TableName: TABLE, Key: { connectionId: event.requestContext.connectionId } }));
  return { statusCode: 200, body: '' };
}
