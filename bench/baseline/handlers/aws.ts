/** Clients shared by the baseline handlers; created once per container. */
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const TABLE = process.env.TABLE_NAME as string;

export const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION ?? 'us-east-1', endpoint: process.env.DYNAMODB_ENDPOINT || undefined }));

let management: ApiGatewayManagementApiClient | undefined;

/** The seed builds the endpoint from the event; offline serves it on its WebSocket port instead. */
function managementApi(domainName: string | undefined, stage: string | undefined): ApiGatewayManagementApiClient {
  const endpoint =
    process.env.IS_OFFLINE === 'true' ? (process.env.LOCAL_MANAGEMENT_ENDPOINT ?? `http://127.0.0.1:${process.env.WS_PORT ?? 3101}`) : `https://${domainName}/${stage}`;
  management ??= new ApiGatewayManagementApiClient({ region: process.env.AWS_REGION ?? 'us-east-1', endpoint });
  return management;
}

export async function post(context: { domainName?: string; stage?: string }, connectionId: string, frame: unknown): Promise<void> {
  await managementApi(context.domainName, context.stage).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(JSON.stringify(frame)) }));
}
