/** $connect's hand-off: invokes the afterConnect Lambda asynchronously (serverless-offline's Lambda endpoint, locally). */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { captureClient } from '#xray';
import { config } from './config';
import type { ConnectedEvent } from '../jobs/after-connect';

let client: LambdaClient | undefined;

export async function scheduleAfterConnect(event: ConnectedEvent): Promise<void> {
  const settings = config();
  client ??= captureClient(new LambdaClient({ region: settings.region, endpoint: settings.lambdaEndpoint }));
  await client.send(new InvokeCommand({ FunctionName: settings.afterConnectFunction, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }));
}
