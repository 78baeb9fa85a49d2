/**
 * Bedrock Knowledge Bases' `Retrieve` as one signed request: the only call the assistant makes to the
 * service, so its SDK client (types only, here) stays out of the answering bundles.
 */
import type { RetrieveCommandInput, RetrieveCommandOutput } from '@aws-sdk/client-bedrock-agent-runtime';
import { signedRequest } from './signed-request';

export async function knowledgeBaseRetrieve(
  input: RetrieveCommandInput,
  target: { region: string; endpoint?: string; timeoutMs?: number },
): Promise<Pick<RetrieveCommandOutput, 'retrievalResults'>> {
  const base = target.endpoint ?? `https://bedrock-agent-runtime.${target.region}.amazonaws.com`;
  const url = new URL(`/knowledgebases/${encodeURIComponent(input.knowledgeBaseId as string)}/retrieve`, base);
  const body = JSON.stringify({ retrievalQuery: input.retrievalQuery, retrievalConfiguration: input.retrievalConfiguration });
  const headers = await signedRequest({ service: 'bedrock', region: target.region, url, headers: { 'content-type': 'application/json' }, body });
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(target.timeoutMs ?? 5000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`Bedrock Retrieve ${input.knowledgeBaseId}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as Pick<RetrieveCommandOutput, 'retrievalResults'>;
}
