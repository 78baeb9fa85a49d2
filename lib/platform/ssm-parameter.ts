/**
 * One SecureString from SSM Parameter Store, read with a SigV4-signed `fetch` (the SDK's own
 * signer) rather than the SSM client: the client would add 76 KB to every bundle that checks a
 * token, for one call per container.
 */
import { signedRequest } from './signed-request';

export interface SsmOptions {
  region: string;
  /** the SSM endpoint; AWS's regional one unless a test names another */
  endpoint?: string;
  env?: NodeJS.ProcessEnv;
}

/** The decrypted value of parameter `name`; throws with SSM's error type and message. */
export async function readSecureParameter(name: string, options: SsmOptions): Promise<string> {
  const url = new URL(options.endpoint ?? `https://ssm.${options.region}.amazonaws.com/`);
  const body = JSON.stringify({ Name: name, WithDecryption: true });
  const signed = await signedRequest({
    service: 'ssm',
    region: options.region,
    url,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
    body,
    env: options.env,
  });
  const response = await fetch(url, { method: 'POST', headers: signed, body, signal: AbortSignal.timeout(5000) });
  const answer = (await response.json().catch(() => ({}))) as { Parameter?: { Value?: string }; __type?: string; message?: string; Message?: string };
  if (!response.ok) throw new Error(`SSM GetParameter ${name}: ${response.status} ${answer.__type ?? ''} ${answer.message ?? answer.Message ?? ''}`.trim());
  const value = answer.Parameter?.Value;
  if (!value) throw new Error(`SSM parameter ${name} is empty`);
  return value;
}
