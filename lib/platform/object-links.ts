/**
 * Short-lived download links (SigV4 presigned GETs) to objects of one private bucket, signed with
 * the SDK's own signer and the credentials in the environment. The S3 client and its presigner
 * would add some 300 KB to every bundle that pushes a message; this is the few lines of them a GET
 * link needs. Its unit test checks each link against the SDK presigner's. The signer and the
 * addresses are shared with bucket-objects.ts, which lists and deletes a chat's files.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { attachmentsBucketName, readSetting } from './settings';
import { environmentCredentials, NodeSha256 } from './signed-request';

/** What the signer signs (its own type, so no package of types is imported for it). */
type HttpRequest = Parameters<SignatureV4['presign']>[0];

export interface BucketAddress {
  bucket: string;
  region: string;
  /** A local S3 (path-style addresses); AWS's virtual-hosted address when absent. */
  endpoint?: string;
}

/** The object's address: `endpoint/bucket/key` locally, `https://bucket.s3.region.amazonaws.com/key` on AWS. */
export function objectUrl(address: BucketAddress, key: string): URL {
  const path = key.split('/').map(encodeURIComponent).join('/');
  if (address.endpoint) return new URL(`${address.endpoint.replace(/\/$/, '')}/${address.bucket}/${path}`);
  return new URL(`https://${address.bucket}.s3.${address.region}.amazonaws.com/${path}`);
}

/**
 * The SDK's SigV4 signer as S3 wants it, with the credentials in the environment unless others are given
 * (the local S3 checks a request by signing it again with its own).
 */
export function s3Signer(region: string, credentials: ReturnType<typeof environmentCredentials> = environmentCredentials()): SignatureV4 {
  return new SignatureV4({
    service: 's3',
    region,
    sha256: NodeSha256,
    // S3 signs the path as sent, escaped once (objectUrl did it)
    uriEscapePath: false,
    applyChecksum: false,
    credentials,
  });
}

/** The request the signer signs: `method` to `url` (the path as objectUrl escaped it) with `query` and `headers`; the host header added. */
export function s3Request(method: string, url: URL, query: Record<string, string>, headers: Record<string, string>): HttpRequest {
  return {
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers: { host: url.host, ...headers },
  };
}

/** A GET link to `key` that works for `expiresIn` seconds from `now`. */
export async function presignedGetUrl(address: BucketAddress, key: string, expiresIn: number, options: { env?: NodeJS.ProcessEnv; now?: Date } = {}): Promise<string> {
  const url = objectUrl(address, key);
  const signed = await s3Signer(address.region, environmentCredentials(options.env)).presign(s3Request('GET', url, {}, { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' }), {
    expiresIn,
    ...(options.now ? { signingDate: options.now } : {}),
  });
  const query = new URLSearchParams(signed.query as Record<string, string>).toString().replace(/\+/g, '%20');
  return `${url.origin}${url.pathname}?${query}`;
}

let attachmentsAddress: { address: BucketAddress; expiresIn: number } | undefined;

/**
 * A download link to one of the attachments bucket's objects, as this container is configured
 * (ATTACHMENTS_BUCKET, S3_ENDPOINT, ATTACHMENT_LINK_SECONDS): read here, once, so the message
 * frame needs no collaborator to carry it.
 */
export function attachmentLink(key: string): Promise<string> {
  attachmentsAddress ??= {
    address: {
      bucket: attachmentsBucketName(),
      region: readSetting('AWS_REGION') as string,
      ...(readSetting('S3_ENDPOINT') ? { endpoint: readSetting('S3_ENDPOINT') as string } : {}),
    },
    expiresIn: Number(readSetting('ATTACHMENT_LINK_SECONDS')),
  };
  return presignedGetUrl(attachmentsAddress.address, key, attachmentsAddress.expiresIn);
}
