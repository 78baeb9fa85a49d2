/**
 * The signed list and delete requests of the routes that delete chats, against the S3 client's own
 * requests, the parsing of a ListObjectsV2 answer, and the local S3's check of header-signed requests.
 */
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { FinalizeHandler, FinalizeHandlerArguments, MetadataBearer } from '@aws-sdk/types';
import { createServer } from 'node:http';
import { bucketObjects, listQuery, parseListPage, signedObjectRequest, xmlUnescape } from '../../lib/platform/bucket-objects';
import { checkSignedRequest } from '../../scripts/local-s3';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' };
const env = { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_SESSION_TOKEN: 'session-token' };
const now = new Date('2026-12-05T04:00:00Z');

interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/**
 * The request the S3 client sends for `command`, signed at `now`. Its user-agent and retry headers
 * are the client's bookkeeping, signed only because they are there: without them the client signs
 * exactly what a request needs, which is what ours signs.
 */
async function sdkRequest(endpoint: string | undefined, command: ListObjectsV2Command | DeleteObjectCommand): Promise<SentRequest> {
  let sent: SentRequest | undefined;
  const s3 = new S3Client({
    region: 'eu-west-1',
    credentials: { ...credentials, sessionToken: 'session-token' },
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    requestHandler: {
      handle: async (request: {
        method: string;
        protocol: string;
        hostname: string;
        port?: number;
        path: string;
        query: Record<string, string>;
        headers: Record<string, string>;
      }) => {
        const query = new URLSearchParams(request.query).toString().replace(/\+/g, '%20');
        sent = {
          method: request.method,
          url: `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${query ? `?${query}` : ''}`,
          headers: request.headers,
        };
        return { response: { statusCode: 500, headers: {}, body: undefined } };
      },
    } as never,
    maxAttempts: 1,
  });
  s3.middlewareStack.addRelativeTo(
    (next: FinalizeHandler<object, MetadataBearer>) => async (args: FinalizeHandlerArguments<object>) => {
      const headers = (args.request as { headers: Record<string, string> }).headers;
      for (const name of ['user-agent', 'x-amz-user-agent', 'amz-sdk-invocation-id', 'amz-sdk-request']) delete headers[name];
      return next(args);
    },
    { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'withoutBookkeeping' },
  );
  const clock = jest.spyOn(Date, 'now').mockReturnValue(now.getTime());
  try {
    await s3.send(command as never).catch(() => undefined);
  } finally {
    clock.mockRestore();
  }
  if (!sent) throw new Error('the client sent nothing');
  return sent;
}

const sameQuery = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe('signed list and delete requests', () => {
  const places = [
    ['AWS (virtual-hosted)', undefined],
    ['a local S3 (path-style)', 'http://127.0.0.1:8002'],
  ] as const;

  test.each(places)('on %s, ListObjectsV2 is the S3 client’s request, signature and all', async (_where, endpoint) => {
    const address = { bucket: 'seller-chat-dev-attachments-123', region: 'eu-west-1', endpoint };
    // a token holds characters a query must escape
    const token = '1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=+x';
    const ours = await signedObjectRequest(address, { method: 'GET', key: '', query: listQuery('chats/AbC.d-e/', token, 100) }, { env, now });
    const sdk = await sdkRequest(endpoint, new ListObjectsV2Command({ Bucket: address.bucket, Prefix: 'chats/AbC.d-e/', ContinuationToken: token, MaxKeys: 100 }));
    expect(sdk.method).toBe('GET');
    expect(ours.url.split('?')[0]).toBe(sdk.url.split('?')[0]);
    expect(sameQuery(ours.url)).toEqual(sameQuery(sdk.url));
    expect(ours.headers).toEqual(sdk.headers);
  });

  test.each(places)('on %s, DeleteObject is the S3 client’s request, signature and all', async (_where, endpoint) => {
    const address = { bucket: 'seller-chat-dev-attachments-123', region: 'eu-west-1', endpoint };
    const key = 'chats/AbC.d-e/0123456789abcdefABCD_-';
    const ours = await signedObjectRequest(address, { method: 'DELETE', key, query: { 'x-id': 'DeleteObject' } }, { env, now });
    const sdk = await sdkRequest(endpoint, new DeleteObjectCommand({ Bucket: address.bucket, Key: key }));
    expect(sdk.method).toBe('DELETE');
    expect(ours.url).toBe(sdk.url);
    expect(ours.headers).toEqual(sdk.headers);
  });
});

describe('a ListObjectsV2 answer', () => {
  const page = (contents: string, tail: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>chats/c/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>${tail}${contents}</ListBucketResult>`;
  const object = (key: string) =>
    `<Contents><Key>${key}</Key><LastModified>2026-12-05T04:00:00.000Z</LastModified><ETag>&quot;e&quot;</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents>`;

  test('gives its keys unescaped, and the next page’s token while it is truncated', () => {
    const answer = page(
      object('chats/c/a&amp;b&lt;&gt;&quot;&apos;') + object('chats/c/tab&#x9;&#10;x'),
      '<IsTruncated>true</IsTruncated><NextContinuationToken>t/k&amp;=</NextContinuationToken>',
    );
    expect(parseListPage(answer)).toEqual({ keys: ['chats/c/a&b<>"\'', 'chats/c/tab\t\nx'], nextToken: 't/k&=' });
  });

  test('the last page has no token; an empty one no keys; anything else is an error', () => {
    expect(parseListPage(page(object('chats/c/a'), '<IsTruncated>false</IsTruncated>'))).toEqual({ keys: ['chats/c/a'] });
    expect(parseListPage(page('', '<IsTruncated>false</IsTruncated>'))).toEqual({ keys: [] });
    expect(() => parseListPage('<Error><Code>AccessDenied</Code></Error>')).toThrow('no ListBucketResult');
  });

  test('an entity it does not know is left as written', () => {
    expect(xmlUnescape('a&nbsp;b&amp;amp;')).toBe('a&nbsp;b&amp;');
  });
});

describe("the local S3's check of a header-signed request", () => {
  const address = { bucket: 'seller-chat-test-attachments', region: 'us-east-1', endpoint: 'http://127.0.0.1:8002' };
  const localEnv = { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
  /** As the front receives it: the target as sent, node's lower-case headers. */
  const received = async (method: 'GET' | 'DELETE', key: string, query: Record<string, string>, signedAt = new Date()) => {
    const { url, headers } = await signedObjectRequest(address, { method, key, query }, { env: localEnv, now: signedAt });
    const target = url.slice(address.endpoint.length);
    return { method, target, headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])) };
  };
  const outcome = (check: Promise<void>) =>
    check.then(
      () => 'accepted',
      (error: { status: number; code: string }) => [error.status, error.code],
    );

  test('accepts our list and delete requests', async () => {
    expect(await outcome(checkSignedRequest(await received('GET', '', listQuery('chats/c/', 'a+b/c=')), credentials))).toBe('accepted');
    expect(await outcome(checkSignedRequest(await received('DELETE', 'chats/c/a', { 'x-id': 'DeleteObject' }), credentials))).toBe('accepted');
  });

  test('refuses another key, another prefix, another method, a wrong secret, an old date and a body that is not the signed one', async () => {
    const deleting = await received('DELETE', 'chats/c/a', { 'x-id': 'DeleteObject' });
    const listing = await received('GET', '', listQuery('chats/c/'));
    expect(await outcome(checkSignedRequest({ ...deleting, target: deleting.target.replace('/a?', '/b?') }, credentials))).toEqual([403, 'SignatureDoesNotMatch']);
    expect(await outcome(checkSignedRequest({ ...listing, target: listing.target.replace('chats%2Fc', 'chats%2Fd') }, credentials))).toEqual([403, 'SignatureDoesNotMatch']);
    expect(await outcome(checkSignedRequest({ ...deleting, method: 'GET' }, credentials))).toEqual([403, 'SignatureDoesNotMatch']);
    expect(await outcome(checkSignedRequest(deleting, { ...credentials, secretAccessKey: 'other' }))).toEqual([403, 'SignatureDoesNotMatch']);
    expect(await outcome(checkSignedRequest(deleting, { ...credentials, accessKeyId: 'other' }))).toEqual([403, 'InvalidAccessKeyId']);
    const old = await received('DELETE', 'chats/c/a', {}, new Date(Date.now() - 20 * 60 * 1000));
    expect(await outcome(checkSignedRequest(old, credentials))).toEqual([403, 'RequestTimeTooSkewed']);
    expect(await outcome(checkSignedRequest({ ...deleting, body: Buffer.from('x') }, credentials))).toEqual([400, 'XAmzContentSHA256Mismatch']);
    expect(await outcome(checkSignedRequest({ ...deleting, headers: { ...deleting.headers, authorization: 'AWS4-HMAC-SHA256 nonsense' } }, credentials))).toEqual([
      400,
      'AuthorizationHeaderMalformed',
    ]);
  });
});

describe('bucketObjects against a store that fails once', () => {
  test('a 503 and a dropped connection are tried again; a 403 is not', async () => {
    const seen: string[] = [];
    // each path fails in its own way on its first request, then answers
    const server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const first = !seen.includes(`${request.method} ${path}`);
      seen.push(`${request.method} ${path}`);
      if (request.method === 'GET' && first) return void response.writeHead(503).end('<Error><Code>SlowDown</Code></Error>');
      if (request.method === 'DELETE' && path.endsWith('/dropped') && first) return void request.socket.destroy();
      if (request.method === 'DELETE' && path.endsWith('/forbidden')) return void response.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
      if (request.method === 'DELETE') return void response.writeHead(204).end();
      response.writeHead(200).end('<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>chats/c/a</Key></Contents></ListBucketResult>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const objects = bucketObjects({ bucket: 'b', region: 'eu-west-1', endpoint: `http://127.0.0.1:${port}` }, { env });
      expect(await objects.list('chats/c/')).toEqual({ keys: ['chats/c/a'] });
      await objects.remove('chats/c/dropped');
      await expect(objects.remove('chats/c/forbidden')).rejects.toThrow('S3 DeleteObject: 403 AccessDenied');
      expect(seen).toEqual(['GET /b/', 'GET /b/', 'DELETE /b/chats/c/dropped', 'DELETE /b/chats/c/dropped', 'DELETE /b/chats/c/forbidden']);
    } finally {
      server.close();
    }
  });
});
