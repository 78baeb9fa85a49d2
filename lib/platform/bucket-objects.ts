/**
 * Listing and deleting one bucket's objects as signed requests (ListObjectsV2, DeleteObject), for the
 * routes that delete chats: the S3 client would weigh more than those routes (object-links.ts says
 * why), and these two calls are a signed GET and a signed DELETE. The address and the signer are
 * object-links.ts's; the unit test checks each request against the S3 client's own.
 */
import { objectUrl, s3Request, s3Signer, type BucketAddress } from './object-links';
import { environmentCredentials } from './signed-request';

/** SHA-256 of the empty body: neither request has one, and S3 wants its hash signed. */
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** Time a single call may take. */
const CALL_TIMEOUT_MS = 5000;
/** Pauses before the second and third attempt of a call that failed on the way or with a 5xx, as the SDK's standard retry would; both calls are idempotent. */
const RETRY_PAUSES_MS = [50, 250];

/** `call`, attempted again after a network error, a timeout or a 5xx answer (S3's 500 and 503 ask for it). */
async function withRetries(call: () => Promise<Response>): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const pause = RETRY_PAUSES_MS[attempt];
    try {
      const response = await call();
      if (response.status < 500 || pause === undefined) return response;
      await response.arrayBuffer();
    } catch (error) {
      if (pause === undefined) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

export interface ObjectPage {
  keys: string[];
  /** where the next page starts; absent on the last */
  nextToken?: string;
}

export interface BucketObjects {
  /** One page of the keys under `prefix`, from `continuationToken` on. */
  list(prefix: string, continuationToken?: string): Promise<ObjectPage>;
  /** Deletes `key`; a key that is already gone is no error (S3 answers 204 either way). */
  remove(key: string): Promise<void>;
}

interface SignOptions {
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

/** A header-signed request with no body: its URL and the headers to send (host, date, payload hash, authorization). */
export async function signedObjectRequest(
  address: BucketAddress,
  request: { method: 'GET' | 'DELETE'; key: string; query: Record<string, string> },
  options: SignOptions = {},
): Promise<{ url: string; headers: Record<string, string> }> {
  const url = objectUrl(address, request.key);
  const signed = await s3Signer(address.region, environmentCredentials(options.env)).sign(
    s3Request(request.method, url, request.query, { 'x-amz-content-sha256': EMPTY_BODY_SHA256 }),
    {
      ...(options.now ? { signingDate: options.now } : {}),
    },
  );
  const query = Object.entries(request.query)
    .map(([name, value]) => `${escapeQuery(name)}=${escapeQuery(value)}`)
    .join('&');
  return { url: `${url.origin}${url.pathname}${query ? `?${query}` : ''}`, headers: signed.headers as Record<string, string> };
}

/** RFC 3986 escaping, as SigV4 canonicalizes the query: what is signed must be what is sent. */
const escapeQuery = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);

/** ListObjectsV2's query for one page under `prefix`. */
export function listQuery(prefix: string, continuationToken?: string, maxKeys?: number): Record<string, string> {
  return {
    'list-type': '2',
    prefix,
    ...(continuationToken ? { 'continuation-token': continuationToken } : {}),
    ...(maxKeys ? { 'max-keys': String(maxKeys) } : {}),
  };
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Undoes XML's escaping: the five named entities and numeric references (S3 writes a key's control characters as `&#x…;`). */
export function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return XML_ENTITIES[name] ?? whole;
  });
}

/** The keys and the next page's token of a ListBucketResult; element text only, so no XML parser is bundled for it. */
export function parseListPage(xml: string): ObjectPage {
  if (!/<ListBucketResult[\s>]/.test(xml)) throw new Error('ListObjectsV2 answered no ListBucketResult');
  const textOf = (element: string, within: string) => {
    const match = new RegExp(`<${element}>([^<]*)</${element}>`).exec(within);
    return match ? xmlUnescape(match[1] as string) : undefined;
  };
  const keys = [...xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)].map((contents) => textOf('Key', contents[1] as string)).filter((key): key is string => key !== undefined);
  // only the top level's token: a CommonPrefixes or Contents element holds none
  const truncated = textOf('IsTruncated', xml) === 'true';
  const nextToken = truncated ? textOf('NextContinuationToken', xml) : undefined;
  return { keys, ...(nextToken ? { nextToken } : {}) };
}

/** S3's error answer as an Error that names its status and code. */
async function failure(operation: string, response: Response): Promise<Error> {
  const text = await response.text();
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? 'unknown';
  return new Error(`S3 ${operation}: ${response.status} ${code}`);
}

/** The bucket's objects as `address` names it (the local S3 path-style, AWS's virtual-hosted), signed with the environment's credentials. */
export function bucketObjects(address: BucketAddress, options: SignOptions & { pageSize?: number } = {}): BucketObjects {
  return {
    async list(prefix, continuationToken) {
      const response = await withRetries(async () => {
        // signed per attempt: a retry after a pause carries a fresh date
        const { url, headers } = await signedObjectRequest(address, { method: 'GET', key: '', query: listQuery(prefix, continuationToken, options.pageSize) }, options);
        return fetch(url, { headers, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
      });
      if (response.status !== 200) throw await failure('ListObjectsV2', response);
      return parseListPage(await response.text());
    },
    async remove(key) {
      const response = await withRetries(async () => {
        const { url, headers } = await signedObjectRequest(address, { method: 'DELETE', key, query: { 'x-id': 'DeleteObject' } }, options);
        return fetch(url, { method: 'DELETE', headers, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
      });
      if (response.status !== 204 && response.status !== 200) throw await failure('DeleteObject', response);
      await response.arrayBuffer();
    },
  };
}
