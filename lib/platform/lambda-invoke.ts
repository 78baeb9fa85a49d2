/**
 * An asynchronous Lambda invoke (`InvocationType: Event`) as one signed request, so a hot route
 * (sendMessage) can hand work to another function without bundling the Lambda client. Locally the
 * endpoint is serverless-offline's Lambda port.
 */
import { signedRequest } from './signed-request';

export interface InvokeTarget {
  region: string;
  /** AWS's regional endpoint unless set (serverless-offline's, locally) */
  endpoint?: string;
}

/** Queues `payload` for `functionName`; resolves once Lambda accepted it (202), throws otherwise. */
export async function invokeAsync(functionName: string, payload: unknown, target: InvokeTarget): Promise<void> {
  const base = target.endpoint ?? `https://lambda.${target.region}.amazonaws.com`;
  const url = new URL(`/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, base);
  const body = JSON.stringify(payload);
  const headers = await signedRequest({ service: 'lambda', region: target.region, url, headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'Event' }, body });
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
  await response.arrayBuffer();
  if (response.status !== 202 && response.status !== 200) throw new Error(`Lambda Invoke ${functionName}: ${response.status}`);
}
