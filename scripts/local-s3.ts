/**
 * The local S3: s3rver keeps the files (under DATA_DIR/s3), and a small front on S3_PORT does what
 * s3rver leaves out and the real bucket does: it refuses anonymous requests (public access is
 * blocked), checks each presigned link's signature and expiry, each header-signed request's
 * signature and date (the deleting routes' ListObjectsV2 and DeleteObject, the tests' own SDK calls),
 * and each POST form's policy: its signature, its expiry, its exact size (`content-length-range`),
 * its content type and every field it names. s3rver itself ignores the policy of a POST form and does not verify SigV4 at all,
 * so without the front a local upload of any size or type would be stored. The bucket and its CORS
 * rules come from resources/attachments.yml, as the deploy's do.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { load } from 'js-yaml';
import S3rver from 's3rver';
import { NodeSha256 } from '../lib/platform/signed-request';
import { localAttachmentsBucketName, readSetting } from '../lib/platform/settings';
import { s3Signer } from '../lib/platform/object-links';
import { REPO_ROOT } from './local-dynamodb';

const BUCKET_FILE = path.join(REPO_ROOT, 'resources', 'attachments.yml');
/** A form bigger than this is refused before it is read whole (the real limit is each form's policy). */
const MAX_FORM_BYTES = 64 * 1024 * 1024;

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  stop(): Promise<void>;
}

interface CorsRule {
  AllowedMethods: string[];
  AllowedOrigins: string[];
  AllowedHeaders?: string[];
  ExposedHeaders?: string[];
  MaxAge?: number;
}

/** The bucket's CORS rules as resources/attachments.yml writes them, its `Fn::Split` of ATTACHMENT_ORIGINS resolved here. */
export function bucketCorsRules(env: NodeJS.ProcessEnv = process.env, file = BUCKET_FILE): CorsRule[] {
  const template = load(readFileSync(file, 'utf8')) as { Resources: Record<string, { Type: string; Properties: { CorsConfiguration: { CorsRules: CorsRule[] } } }> };
  const bucket = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::S3::Bucket');
  if (!bucket) throw new Error(`${file} defines no AWS::S3::Bucket`);
  return bucket.Properties.CorsConfiguration.CorsRules.map((rule) => {
    const origins = rule.AllowedOrigins as unknown;
    const split = (origins as { 'Fn::Split'?: [string, string] })['Fn::Split'];
    // '${env:ATTACHMENT_ORIGINS, "*"}': the variable, or its default
    const allowed = split ? (readSetting('ATTACHMENT_ORIGINS', env) as string).split(split[0]) : (origins as string[]);
    return { ...rule, AllowedOrigins: allowed };
  });
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function corsXml(rules: CorsRule[]): string {
  const tags = (name: string, values: string[] = []) => values.map((value) => `<${name}>${xmlEscape(value)}</${name}>`).join('');
  const body = rules
    .map(
      (rule) =>
        `<CORSRule>${tags('AllowedMethod', rule.AllowedMethods)}${tags('AllowedOrigin', rule.AllowedOrigins)}${tags('AllowedHeader', rule.AllowedHeaders)}${tags('ExposeHeader', rule.ExposedHeaders)}${rule.MaxAge ? `<MaxAgeSeconds>${rule.MaxAge}</MaxAgeSeconds>` : ''}</CORSRule>`,
    )
    .join('');
  return `<CORSConfiguration>${body}</CORSConfiguration>`;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** The SigV4 signature of a POST form's policy: `date` is the form's yyyymmdd. */
export function policySignature(secret: string, date: string, region: string, policy: string): string {
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
  return createHmac('sha256', signingKey).update(policy).digest('hex');
}

type Condition = Record<string, string> | [string, string | number, string | number];

/**
 * Checks a POST form as S3 does: the signature over the policy, the policy's expiry, each of its
 * conditions, and that it names every field sent. Throws a Refusal naming what failed.
 */
export function checkPostForm(
  fields: Map<string, string>,
  fileSize: number,
  bucket: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  now = new Date(),
): void {
  const field = (name: string) => fields.get(name.toLowerCase());
  const policyText = field('policy');
  const signature = field('x-amz-signature');
  const credential = field('x-amz-credential');
  if (!policyText || !signature || !credential) throw new Refusal(403, 'AccessDenied', 'the form has no policy, signature or credential');
  const [accessKeyId, date, region] = credential.split('/');
  if (accessKeyId !== credentials.accessKeyId) throw new Refusal(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  if (policySignature(credentials.secretAccessKey, date ?? '', region ?? '', policyText) !== signature) {
    throw new Refusal(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  const policy = JSON.parse(Buffer.from(policyText, 'base64').toString('utf8')) as { expiration: string; conditions: Condition[] };
  if (!(Date.parse(policy.expiration) > now.getTime())) throw new Refusal(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
  const valueOf = (name: string) => (name.toLowerCase() === 'bucket' ? bucket : field(name));
  const covered = new Set<string>();
  for (const condition of policy.conditions) {
    const failed = () => new Refusal(403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`);
    if (!Array.isArray(condition)) {
      for (const [name, value] of Object.entries(condition)) {
        covered.add(name.toLowerCase());
        if (valueOf(name) !== value) throw failed();
      }
      continue;
    }
    const [operator, subject, operand] = condition;
    if (operator === 'content-length-range') {
      if (fileSize > Number(operand)) throw new Refusal(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      if (fileSize < Number(subject)) throw new Refusal(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size');
      continue;
    }
    const name = String(subject).replace(/^\$/, '');
    covered.add(name.toLowerCase());
    const value = valueOf(name) ?? '';
    if (operator === 'eq' && value !== operand) throw failed();
    if (operator === 'starts-with' && !value.startsWith(String(operand))) throw failed();
  }
  for (const name of fields.keys()) {
    if (['policy', 'x-amz-signature', 'file'].includes(name) || name.startsWith('x-ignore-')) continue;
    if (!covered.has(name)) throw new Refusal(403, 'AccessDenied', `Invalid according to Policy: Extra input fields: ${name}`);
  }
}

/** Checks a presigned GET or HEAD link with the SDK's own presigner: the same request signed at the link's time must give its signature. */
async function checkPresignedLink(url: URL, method: string, host: string, credentials: { accessKeyId: string; secretAccessKey: string }, now = new Date()): Promise<void> {
  if (method !== 'GET' && method !== 'HEAD') throw new Refusal(403, 'AccessDenied', 'links are issued for GET only');
  const query = url.searchParams;
  const [accessKeyId, , region] = (query.get('X-Amz-Credential') ?? '').split('/');
  if (accessKeyId !== credentials.accessKeyId) throw new Refusal(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  const stamp = query.get('X-Amz-Date') ?? '';
  const signedAt = new Date(stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const expiresIn = Number(query.get('X-Amz-Expires'));
  if (Number.isNaN(signedAt.getTime()) || !(expiresIn > 0)) throw new Refusal(403, 'AuthorizationQueryParametersError', 'X-Amz-Date and X-Amz-Expires are required');
  if (expiresIn > 604_800) throw new Refusal(400, 'AuthorizationQueryParametersError', 'X-Amz-Expires must be less than a week (in seconds) that is 604800');
  if (now.getTime() > signedAt.getTime() + expiresIn * 1000) throw new Refusal(403, 'AccessDenied', 'Request has expired');
  const presigner = new S3RequestPresigner({
    region: region ?? 'us-east-1',
    sha256: NodeSha256,
    credentials: { ...credentials, ...(query.get('X-Amz-Security-Token') ? { sessionToken: query.get('X-Amz-Security-Token') as string } : {}) },
  });
  const rest: Record<string, string> = {};
  for (const [name, value] of query) if (!/^x-amz-/i.test(name)) rest[name] = value;
  const [hostname, port] = host.split(':');
  const expected = await presigner.presign(
    { method: 'GET', protocol: 'http:', hostname: hostname as string, port: port ? Number(port) : undefined, path: url.pathname, query: rest, headers: { host } } as never,
    { expiresIn, signingDate: signedAt },
  );
  if ((expected.query as Record<string, string>)['X-Amz-Signature'] !== query.get('X-Amz-Signature')) {
    throw new Refusal(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
}

/** How far a header-signed request's date may be from the clock, as S3 allows. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** A request signed in its Authorization header, as the front received it. */
export interface HeaderSignedRequest {
  method: string;
  /** the path and query as sent, still escaped */
  target: string;
  /** names in lower case, as node gives them */
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer;
}

/**
 * Checks a header-signed request as S3 does: the credential, the date (within 15 minutes), the
 * payload hash against the body, and the signature, by signing the same headers again with the
 * SDK's own signer. Throws a Refusal naming what failed.
 */
export async function checkSignedRequest(request: HeaderSignedRequest, credentials: { accessKeyId: string; secretAccessKey: string }, now = new Date()): Promise<void> {
  const header = (name: string) => [request.headers[name]].flat()[0];
  const authorization = /^AWS4-HMAC-SHA256 Credential=(?<credential>[^,]+), ?SignedHeaders=(?<signedHeaderList>[^,]+), ?Signature=(?<signature>[0-9a-f]{64})$/.exec(
    header('authorization') ?? '',
  )?.groups;
  if (!authorization) throw new Refusal(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
  const { credential = '', signedHeaderList = '', signature } = authorization;
  const [accessKeyId, day, region, service, terminator] = credential.split('/');
  if (accessKeyId !== credentials.accessKeyId) throw new Refusal(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  const stamp = header('x-amz-date') ?? '';
  const signedAt = new Date(stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (Number.isNaN(signedAt.getTime()) || stamp.slice(0, 8) !== day || service !== 's3' || terminator !== 'aws4_request' || !region) {
    throw new Refusal(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed; x-amz-date and the credential scope must agree.');
  }
  if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw new Refusal(403, 'RequestTimeTooSkewed', "The difference between the request time and the server's time is too large.");
  }
  const signedHeaders = signedHeaderList.split(';');
  const payloadHash = header('x-amz-content-sha256');
  if (!payloadHash || !signedHeaders.includes('x-amz-content-sha256') || !signedHeaders.includes('host')) {
    throw new Refusal(400, 'InvalidRequest', 'host and x-amz-content-sha256 must be sent and signed.');
  }
  if (
    /^[0-9a-f]{64}$/.test(payloadHash) &&
    createHash('sha256')
      .update(request.body ?? Buffer.alloc(0))
      .digest('hex') !== payloadHash
  ) {
    throw new Refusal(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = [request.headers[name]].flat().join(',');
  const [pathPart, queryPart = ''] = request.target.split('?', 2) as [string, string?];
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(queryPart)) {
    const earlier = query[name];
    query[name] = earlier === undefined ? value : [earlier, value].flat();
  }
  // signed again as our signer signs, so the check and the deleting routes cannot disagree on S3's rules
  const token = header('x-amz-security-token');
  const signer = s3Signer(region, { ...credentials, ...(token ? { sessionToken: token } : {}) });
  const [hostname, port] = (header('host') ?? '').split(':');
  const expected = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: hostname as string, port: port ? Number(port) : undefined, path: pathPart, query, headers } as never,
    { signingDate: signedAt, signableHeaders: new Set(signedHeaders) },
  );
  const expectedSignature = /Signature=([0-9a-f]{64})$/.exec(String((expected.headers as Record<string, string>).authorization))?.[1];
  if (expectedSignature !== signature) throw new Refusal(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
}

/** A port nothing listens on now, for s3rver behind the front. */
function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Refusal(400, 'MaxPostPreDataLengthExceededError', 'Your POST request fields preceeding the upload file was too large.'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Starts s3rver behind the checking front, with the attachments bucket of `stage`. */
export async function startLocalS3(options: { port: number; stage: string; dataDir?: string; credentials: { accessKeyId: string; secretAccessKey: string } }): Promise<LocalS3> {
  const bucket = localAttachmentsBucketName(options.stage);
  const corsRules = bucketCorsRules();
  const directory = options.dataDir ? path.join(options.dataDir, 's3') : mkdtempSync(path.join(tmpdir(), 'seller-chat-s3-'));
  mkdirSync(directory, { recursive: true });
  const innerPort = await sparePort();
  const store = new S3rver({ address: '127.0.0.1', port: innerPort, silent: true, directory, configureBuckets: [{ name: bucket, configs: [corsXml(corsRules)] }] });
  await store.run();
  const allowsOrigin = (origin: string | undefined) => origin !== undefined && corsRules.some((rule) => rule.AllowedOrigins.includes('*') || rule.AllowedOrigins.includes(origin));

  const forward = (request: http.IncomingMessage, response: http.ServerResponse, target: string, headers: http.IncomingHttpHeaders, body?: Buffer) => {
    const upstream = http.request({ host: '127.0.0.1', port: innerPort, method: request.method, path: target, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502);
      response.end(String(error));
    });
    if (body) upstream.end(body);
    else request.pipe(upstream);
  };

  // s3rver removes a deleted object's emptied directories without allowing for another delete in the same
  // directory at the same time (the loser's readdir or rmdir fails: a 500 for a delete S3 itself would take),
  // so deletes are passed on one at a time
  let deletes: Promise<void> = Promise.resolve();
  const forwardDeleteInTurn = (request: http.IncomingMessage, response: http.ServerResponse, target: string, headers: http.IncomingHttpHeaders) => {
    request.resume();
    deletes = deletes.then(
      () =>
        new Promise<void>((resolve) => {
          response.on('close', resolve);
          forward(request, response, target, headers, Buffer.alloc(0));
        }),
    );
  };

  const refuse = (request: http.IncomingMessage, response: http.ServerResponse, refusal: Refusal) => {
    const origin = request.headers.origin;
    response.writeHead(refusal.status, {
      'content-type': 'application/xml',
      // the page that posted the form reads why it was refused
      ...(allowsOrigin(origin) ? { 'access-control-allow-origin': origin as string, vary: 'Origin' } : {}),
    });
    response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${xmlEscape(refusal.message)}</Message></Error>`);
    request.resume();
  };

  const server = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://local');
      const headers = { ...request.headers };
      if (request.method === 'OPTIONS') return forward(request, response, url.pathname + url.search, headers);
      // header-signed: the deleting routes' list and delete calls, and the tests' own SDK reads
      if (headers.authorization) {
        const hasBody = Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;
        const body = hasBody ? await readBody(request, MAX_FORM_BYTES) : undefined;
        await checkSignedRequest({ method: request.method ?? 'GET', target: request.url ?? '/', headers: request.headers, ...(body ? { body } : {}) }, options.credentials);
        delete headers.authorization;
        if (request.method === 'DELETE') return forwardDeleteInTurn(request, response, request.url ?? '/', headers);
        return forward(request, response, request.url ?? '/', headers, body);
      }
      if (url.searchParams.has('X-Amz-Algorithm')) {
        await checkPresignedLink(url, request.method ?? 'GET', request.headers.host ?? '', options.credentials);
        const plain = new URLSearchParams([...url.searchParams].filter(([name]) => !/^x-amz-/i.test(name)));
        return forward(request, response, url.pathname + (plain.size ? `?${plain}` : ''), headers);
      }
      const [, bucketName, ...keyParts] = url.pathname.split('/');
      if (request.method === 'POST' && bucketName && keyParts.join('') === '' && /^multipart\/form-data/i.test(headers['content-type'] ?? '')) {
        const body = await readBody(request, MAX_FORM_BYTES);
        const form = await new Response(body, { headers: { 'content-type': headers['content-type'] as string } }).formData();
        const fields = new Map<string, string>();
        let fileSize = -1;
        for (const [name, value] of form) {
          if (name.toLowerCase() === 'file' && typeof value !== 'string') fileSize = value.size;
          else if (typeof value === 'string') fields.set(name.toLowerCase(), value);
        }
        if (fileSize < 0) throw new Refusal(400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
        checkPostForm(fields, fileSize, bucketName, options.credentials);
        return forward(request, response, url.pathname, headers, body);
      }
      throw new Refusal(403, 'AccessDenied', 'Access Denied');
    })().catch((error: unknown) => {
      if (!(error instanceof Refusal)) console.error('local S3:', error);
      refuse(request, response, error instanceof Refusal ? error : new Refusal(500, 'InternalError', String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    bucket,
    stop: () =>
      (stopped ??= (async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await store.close();
        if (!options.dataDir) rmSync(directory, { recursive: true, force: true });
      })()),
  };
}
