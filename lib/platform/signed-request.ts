/**
 * A SigV4-signed request with the SDK's own signer and the runtime's fetch, for the one or two
 * calls a route makes to a service whose SDK client would weigh more than the route itself (SSM's
 * GetParameter, Lambda's asynchronous Invoke). Credentials come from the environment, where a
 * Lambda always finds its role's.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytesOf = (data: SourceData): Buffer =>
  typeof data === 'string' ? Buffer.from(data) : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** SHA-256 (or its HMAC, given a secret) with node:crypto, as the signer wants it. */
export class NodeSha256 {
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

/** The role's credentials, from the environment where a Lambda always finds them. */
export function environmentCredentials(env: NodeJS.ProcessEnv = process.env): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)');
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

/** The headers of a signed POST of `body` to `url` (the host header included). */
export async function signedRequest(request: {
  service: string;
  region: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  env?: NodeJS.ProcessEnv;
}): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: request.service, region: request.region, sha256: NodeSha256, credentials: environmentCredentials(request.env) });
  const { url } = request;
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    headers: { host: url.host, ...request.headers },
    body: request.body,
  });
  return signed.headers as Record<string, string>;
}
