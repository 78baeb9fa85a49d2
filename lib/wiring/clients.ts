/** AWS clients, created once per container and shared by every request it serves. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { captureClient } from '#xray';
import { config } from './config';
import { traceRequest } from '../platform/trace';

let documentClient: DynamoDBDocumentClient | undefined;
const managementClients = new Map<string, ApiGatewayManagementApiClient>();

export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { dynamoEndpoint, region } = config();
    // captured before the document client wraps it: the wrapper sends through this client's middleware
    const client = captureClient(new DynamoDBClient({ region, endpoint: dynamoEndpoint, maxAttempts: 5 }));
    // one span per command, retries included: the trace counts what the code asked for
    client.middlewareStack.add(
      (next) => async (args) => {
        const done = traceRequest();
        try {
          return await next(args);
        } finally {
          done();
        }
      },
      { step: 'initialize', name: 'chatTrace' },
    );
    documentClient = DynamoDBDocumentClient.from(client, {
      // convertClassInstanceToMap: visitor-supplied userInfo may hold a key named `constructor`,
      // which the marshaller would otherwise take for a class instance and refuse
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
    });
  }
  return documentClient;
}

/** The management API client of `endpoint` (the WebSocket API's, or serverless-offline's locally). */
export function managementApi(endpoint: string): ApiGatewayManagementApiClient {
  let client = managementClients.get(endpoint);
  if (!client) {
    client = captureClient(new ApiGatewayManagementApiClient({ endpoint, region: config().region, maxAttempts: 3 }));
    managementClients.set(endpoint, client);
  }
  return client;
}
