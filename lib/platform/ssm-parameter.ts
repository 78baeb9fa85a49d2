/**
 * One SecureString from SSM Parameter Store, read with a SigV4-signed `fetch` (the SDK's own
 * signer) rather than the SSM client: the client would add 76 KB to every bundle that checks a
 * token, for one call per container.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytesOf = (data: SourceData): Buffer =>
  typeof data === 'string' ? Buffer.from(data) : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** SHA-256 (or its HMAC, given a secret) with node:crypto, as the signer wants it. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

export interface SsmOptions {
  region: string;
  /** the SSM endpoint; AWS's regional one unless a test names another */
  endpoint?: string;
  env?: NodeJS.ProcessEnv;
}

/** The decrypted value of parameter `name`; throws with SSM's error type and message. */
export async function readSecureParameter(name: string, options: SsmOptions): Promise<string> {
  const env = options.env ?? process.env;
  const url = new URL(options.endpoint ?? `https://ssm.${options.region}.amazonaws.com/`);
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)');
  const signer = new SignatureV4({
    service: 'ssm',
    region: options.region,
    sha256: NodeSha256,
    credentials: { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) },
  });
  const body = JSON.stringify({ Name: name, WithDecryption: true });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
    body,
  });
  const response = await fetch(url, { method: 'POST', headers: signed.headers, body, signal: AbortSignal.timeout(5000) });
  const answer = (await response.json().catch(() => ({}))) as { Parameter?: { Value?: string }; __type?: string; message?: string; Message?: string };
  if (!response.ok) throw new Error(`SSM GetParameter ${name}: ${response.status} ${answer.__type ?? ''} ${answer.message ?? answer.Message ?? ''}`.trim());
  const value = answer.Parameter?.Value;
  if (!value) throw new Error(`SSM parameter ${name} is empty`);
  return value;
}
