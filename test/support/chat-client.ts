/** Visitors, sellers, HTTP calls and table reads against the stack that global-setup started. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import WebSocket, { type RawData } from 'ws';
import { signSellerToken } from '../../lib/access/tokens';
import { localDynamoClient } from '../../scripts/local-dynamodb';
import { LOCAL_CREDENTIALS } from '../../scripts/stack';
import { localAttachmentsBucketName } from '../../lib/platform/settings';
import { routingKeys } from '../../lib/store/keys';
import type { FrameOf, ServerFrame } from '../../lib/protocol/outbound';
import type { ConnectTicketAnswer } from '../../lib/protocol/views';

function stackEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through jest's integration project, whose global setup starts the stack`);
  return value;
}

/** A received JSON frame, any shape: narrow its fields, or ask `next` for an action to get that frame's type. */
export type Frame = Record<string, unknown>;
export type FrameMatch = string | ((frame: Frame) => boolean);

type KeysOf<U> = U extends unknown ? keyof U : never;
/** A union whose members name each other's fields as absent, so a test reads `frame.message` of a deleted message too (undefined). */
type EveryField<U, All = U> = U extends unknown ? U & { [K in Exclude<KeysOf<All>, keyof U>]?: undefined } : never;
/** The frame the server pushes under `action`, as lib/protocol/outbound.ts builds it. */
export type FrameWith<A extends ServerFrame['action']> = EveryField<Extract<ServerFrame, { action: A }>>;

/** `frame` as the server's `action` frame; throws, failing the test, when it is another frame. */
export function asFrame<A extends ServerFrame['action']>(frame: Frame, action: A): FrameWith<A> {
  if (frame.action !== action) throw new Error(`expected a "${action}" frame, got ${JSON.stringify(frame)}`);
  return frame as FrameWith<A>;
}

/** A contactAssigned as its seller gets it; throws on the visitor's copy, which names no visitor. */
export function sellersCopy(assigned: FrameWith<'contactAssigned'>): FrameOf<'contactAssignedToSeller'> {
  if (assigned.visitor === undefined) throw new Error(`expected the seller's contactAssigned, got ${JSON.stringify(assigned)}`);
  return assigned;
}

/** Ids unique across tests, files and runs that share a data dir. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** The WebSocket URL with the given query (`userId`, `role`, `token`); undefined values are left out. */
export function wsUrl(query: Record<string, string | undefined> = {}): string {
  const url = new URL(stackEnv('CHAT_WS_URL'));
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

export function sellerToken(sellerId: string, options: { teams?: string[]; maxChats?: number; expiresInSeconds?: number } = {}): string {
  return signSellerToken(stackEnv('CHAT_TOKEN_SECRET'), sellerId, options);
}

interface Waiter {
  matches: (frame: Frame) => boolean;
  resolve: (frame: Frame) => void;
  reject: (error: Error) => void;
}

/** A real `ws` client that keeps every frame, so a frame that arrives before the test asks for it is not lost. */
export class ChatSocket {
  /** Every frame received, in order; text that is not JSON is kept as `{ unparsed }`. */
  readonly frames: Frame[] = [];
  /** Resolves with the close code, whoever closed. */
  readonly closed: Promise<number>;
  /** Received frames no `next` has taken yet. */
  private unclaimed: Frame[] = [];
  private waiters: Waiter[] = [];
  private closeCode: number | undefined;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: RawData) => this.receive(data.toString()));
    this.closed = new Promise((resolve) => {
      socket.once('close', (code: number) => {
        this.closeCode = code;
        for (const waiter of this.waiters.splice(0)) {
          waiter.reject(new Error(`socket closed (${code}) before a matching frame arrived; received ${this.describeFrames()}`));
        }
        resolve(code);
      });
    });
  }

  private receive(text: string): void {
    let frame: Frame;
    try {
      frame = JSON.parse(text) as Frame;
    } catch {
      frame = { unparsed: text };
    }
    this.frames.push(frame);
    const waiter = this.waiters.find((candidate) => candidate.matches(frame));
    if (!waiter) {
      this.unclaimed.push(frame);
      return;
    }
    this.waiters.splice(this.waiters.indexOf(waiter), 1);
    waiter.resolve(frame);
  }

  private describeFrames(): string {
    return this.frames.length ? JSON.stringify(this.frames) : 'nothing';
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /**
   * The next frame not yet taken that matches: an action name (typed as the server builds that frame)
   * or a predicate (any frame when omitted).
   * 10 s leaves room for a Lambda cold start on a busy 2-core machine; a busy offline instance means a new worker.
   */
  next<A extends ServerFrame['action']>(action: A, timeoutMs?: number): Promise<FrameWith<A>>;
  next(match?: FrameMatch, timeoutMs?: number): Promise<Frame>;
  next(match: FrameMatch = () => true, timeoutMs = 10_000): Promise<Frame> {
    const matches = typeof match === 'string' ? (frame: Frame) => frame.action === match : match;
    const index = this.unclaimed.findIndex(matches);
    if (index >= 0) return Promise.resolve(this.unclaimed.splice(index, 1)[0] as Frame);
    if (this.closeCode !== undefined) {
      return Promise.reject(new Error(`socket already closed (${this.closeCode}); received ${this.describeFrames()}`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const wanted = typeof match === 'string' ? `"${match}" frame` : 'matching frame';
        reject(new Error(`no ${wanted} within ${timeoutMs} ms; received ${this.describeFrames()}`));
      }, timeoutMs);
      const waiter: Waiter = {
        matches,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Closes (if still open) and resolves with the close code once the socket is closed. */
  close(): Promise<number> {
    if (this.closeCode === undefined && this.socket.readyState !== WebSocket.CLOSING) this.socket.close();
    return this.closed;
  }
}

/** Opens a socket; rejects with the HTTP status when the upgrade is refused. `origin` plays a browser page. */
export function connect(url: string, options: { origin?: string } = {}): Promise<ChatSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    // listening from the first byte: the server pushes its `connected` frame right after the upgrade
    const chat = new ChatSocket(socket);
    socket.once('open', () => resolve(chat));
    socket.once('unexpected-response', (request, response: IncomingMessage) => {
      request.destroy();
      reject(new Error(`upgrade refused with HTTP ${response.statusCode}`));
    });
    socket.on('error', reject);
  });
}

export function connectVisitor(deviceId: string, options: { query?: Record<string, string | undefined> } = {}) {
  return connect(wsUrl({ userId: deviceId, ...options.query }));
}

/** A visitor as our widget is one: a server-issued session, which buys a single-use ticket per socket. */
export interface VisitorSession {
  visitorId: string;
  session: string;
}

/** `POST /v1/connect-tickets` with `credential` (none: a new visitor); fails the test unless it answers 201. */
export async function connectTicket(credential?: string): Promise<ConnectTicketAnswer> {
  const answer = await api<ConnectTicketAnswer>('/v1/connect-tickets', { method: 'POST', token: credential });
  if (answer.status !== 201) throw new Error(`POST /v1/connect-tickets answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A new visitor session, as the widget gets on its first visit. */
export async function newVisitorSession(): Promise<VisitorSession> {
  const granted = await connectTicket();
  return { visitorId: granted.userId, session: granted.visitorSession as string };
}

/** A socket of a visitor session (a new one unless given), opened with a fresh ticket; `session` says whose. */
export async function connectSessionVisitor(session?: VisitorSession, options: { origin?: string } = {}): Promise<ChatSocket & { session: VisitorSession }> {
  const granted = await connectTicket(session?.session);
  const own = session ?? { visitorId: granted.userId, session: granted.visitorSession as string };
  const socket = await connect(wsUrl({ ticket: granted.ticket }), options);
  return Object.assign(socket, { session: own });
}

export function connectSeller(sellerId: string, options: { teams?: string[]; maxChats?: number; token?: string; query?: Record<string, string | undefined> } = {}) {
  const token = options.token ?? sellerToken(sellerId, { teams: options.teams, maxChats: options.maxChats });
  return connect(wsUrl({ userId: sellerId, role: 'seller', token, ...options.query }));
}

/** Resolves with the HTTP status of a refused upgrade; rejects when the upgrade succeeds. */
export function expectRejected(url: string, options: { origin?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    socket.once('unexpected-response', (request, response: IncomingMessage) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    socket.once('open', () => {
      socket.close();
      reject(new Error(`the upgrade to ${url} was accepted, expected a refusal`));
    });
    // after the resolve this only sees the destroyed request: settled promises ignore it
    socket.on('error', reject);
  });
}

/** The body of every refused HTTP call (lib/lambda-adapters/http-adapter.ts). */
export interface ErrorBody {
  error: { code: string; message: string; retryAfter?: number };
  requestId: string;
}

/** `Body`: what the caller expects on success (lib/protocol/views.ts); the test checks `status` before it relies on it. */
export interface ApiResponse<Body = unknown> {
  status: number;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: Body;
  headers: Headers;
}

/** An HTTP call to the stack: `body` is sent as JSON, `rawBody` as it is (for malformed input); `Body` types the answer's body. */
export async function api<Body = unknown>(
  path: string,
  options: { method?: string; body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string>; baseUrl?: string } = {},
): Promise<ApiResponse<Body>> {
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = {
    ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  const response = await fetch(new URL(path, options.baseUrl ?? stackEnv('CHAT_HTTP_URL')), {
    method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
    headers,
    body: payload,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as Body, headers: response.headers };
}

let documentClient: DynamoDBDocumentClient | undefined;

/** The stack's DynamoDB, to check what the handlers stored. */
export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(localDynamoClient(stackEnv('CHAT_DYNAMO_ENDPOINT')));
  return documentClient;
}

let s3Client: S3Client | undefined;

/** The stack's S3, through its checking front, signed with the local credentials (`secretAccessKey` another to be refused). */
export function localS3(secretAccessKey: string = LOCAL_CREDENTIALS.secretAccessKey): S3Client {
  const client = () =>
    new S3Client({ region: 'us-east-1', endpoint: stackEnv('CHAT_S3_ENDPOINT'), forcePathStyle: true, credentials: { ...LOCAL_CREDENTIALS, secretAccessKey }, maxAttempts: 1 });
  if (secretAccessKey !== LOCAL_CREDENTIALS.secretAccessKey) return client();
  s3Client ??= client();
  return s3Client;
}

export function attachmentsBucket(): string {
  return localAttachmentsBucketName(stackEnv('CHAT_STAGE'));
}

/** Every key in the attachments bucket under `prefix`, as the bucket lists it. */
export async function bucketKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await localS3().send(new ListObjectsV2Command({ Bucket: attachmentsBucket(), Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((object) => object.Key as string));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

export type TableKind = 'chats' | 'messages' | 'routing';

const TABLE_SUFFIX: Record<TableKind, string> = { chats: 'chats', messages: 'chat-messages', routing: 'routing' };

export function tableName(kind: TableKind): string {
  return `seller-chat-${stackEnv('CHAT_STAGE')}-${TABLE_SUFFIX[kind]}`;
}

/** Restarts the stack's DynamoDB (stopped for `downMs`); resolves once it answers again. */
export async function restartDynamo(downMs: number): Promise<void> {
  const response = await fetch(`${stackEnv('CHAT_CONTROL_URL')}/restart-dynamo?downMs=${downMs}`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`restart failed: ${response.status} ${await response.text()}`);
}

/** The registered socket connections of `visitor#id` or `seller#id`, from the identity's item. */
export async function connectionIdsOf(role: 'visitor' | 'seller', userId: string): Promise<string[]> {
  const answer = await dynamo().send(new GetCommand({ TableName: tableName('routing'), Key: routingKeys.identity({ role, userId }), ConsistentRead: true }));
  return [...((answer.Item?.conns as Set<string> | undefined) ?? [])];
}

/** Closes a connection from the server side through the management API, as API Gateway does after 2 h or on a deploy. */
export async function dropConnection(connectionId: string): Promise<void> {
  const response = await fetch(`${stackEnv('CHAT_WS_URL').replace(/^ws/, 'http')}/@connections/${connectionId}`, { method: 'DELETE' });
  if (response.status !== 204) throw new Error(`dropping ${connectionId} answered ${response.status}`);
}
