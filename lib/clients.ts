/** AWS clients, created once per container and shared by every request it serves. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { config } from './config';

let documentClient: DynamoDBDocumentClient | undefined;
const managementClients = new Map<string, ApiGatewayManagementApiClient>();
let lambdaClient: LambdaClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { dynamoEndpoint, region } = config();
    const client = new DynamoDBClient({ region, endpoint: dynamoEndpoint, maxAttempts: 5 });
    documentClient = DynamoDBDocumentClient.from(client, {
      // convertClassInstanceToMap: visitor-supplied userInfo may hold a key named `constructor`,
      // which the marshaller would otherwise take for a class instance and refuse
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
    });
  }
  return documentClient;
}

export function managementApi(endpoint: string): ApiGatewayManagementApiClient {
  let client = managementClients.get(endpoint);
  if (!client) {
    client = new ApiGatewayManagementApiClient({ endpoint, region: config().region, maxAttempts: 3 });
    managementClients.set(endpoint, client);
  }
  return client;
}

export function lambda(): LambdaClient {
  lambdaClient ??= new LambdaClient({ region: config().region, endpoint: config().lambdaEndpoint });
  return lambdaClient;
}
