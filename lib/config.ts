/** Route keys, limits and table names: read once per container, in one place. */
import { parsePolicy, type BucketPolicy } from './rate-limit';
import { parseAllowList, type OriginAllowList } from './origins';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing required environment variable ${name}`);
  return value;
}

export const ROUTES = {
  connect: '$connect',
  disconnect: '$disconnect',
  default: '$default',
  initChat: 'InitChat',
  sendMessage: 'sendMessage',
  typing: 'typing',
  read: 'read',
  presence: 'presence',
  resume: 'resume',
  ping: 'ping',
} as const;

export type AssignmentStrategyName = 'least-active' | 'round-robin';

export interface Config {
  stage: string;
  isOffline: boolean;
  tables: { connections: string; contacts: string; messages: string; routing: string };
  dynamoEndpoint: string | undefined;
  region: string;
  /** Local management API; on AWS the WebSocket API's own https endpoint. */
  websocketEndpoint: string | undefined;
  lambdaEndpoint: string | undefined;
  afterConnectFunction: string;
  tokenSecretParameter: string | undefined;
  limits: {
    maxMessageLength: number;
    maxFrameBytes: number;
    maxUserInfoBytes: number;
    maxUserInfoDepth: number;
    maxChatsPerSeller: number;
    connectionTtlSeconds: number;
    visitorTokenTtlSeconds: number;
    /** How long a seller may stay away or offline before its chats go back to their queue. */
    presenceGraceSeconds: number;
    /** Default and largest page of the history API's lists. */
    defaultPageSize: number;
    maxPageSize: number;
    maxOpenChatsPerVisitor: number;
    maxConnectionsPerIdentity: number;
  };
  /** Token buckets, written BURST/PER_SECOND in the environment. */
  rateLimits: {
    visitorMessages: BucketPolicy;
    sellerMessages: BucketPolicy;
    initChatPerDevice: BucketPolicy;
    perSourceIp: BucketPolicy;
  };
  assignmentStrategy: AssignmentStrategyName;
  /** Web pages allowed to embed each seller's or team's widget (WIDGET_ORIGINS); unlisted targets allow any. */
  widgetOrigins: OriginAllowList;
  /** Seller tokens: our HS256 secret (default), or an identity provider's JWKS (e.g. a Cognito user pool). */
  sellerTokens:
    | { kind: 'hs256' }
    | { kind: 'jwks'; jwksUrl: string; issuer: string; audience: string; sellerIdClaim: string; teamsClaim: string };
}

function sellerTokenSettings(): Config['sellerTokens'] {
  const kind = process.env.SELLER_TOKEN_VERIFIER ?? 'hs256';
  if (kind === 'hs256') return { kind };
  if (kind !== 'jwks') throw new Error(`SELLER_TOKEN_VERIFIER must be hs256 or jwks, got "${kind}"`);
  return {
    kind,
    jwksUrl: requiredEnv('JWKS_URL'),
    issuer: requiredEnv('JWT_ISSUER'),
    audience: requiredEnv('JWT_AUDIENCE'),
    sellerIdClaim: process.env.SELLER_ID_CLAIM || 'sub',
    teamsClaim: process.env.SELLER_TEAMS_CLAIM || 'cognito:groups',
  };
}

function loadConfig(): Config {
  const stage = process.env.STAGE ?? 'local';
  const isOffline = process.env.IS_OFFLINE === 'true';
  const strategy = process.env.ASSIGNMENT_STRATEGY ?? 'least-active';
  if (strategy !== 'least-active' && strategy !== 'round-robin') {
    throw new Error(`ASSIGNMENT_STRATEGY must be least-active or round-robin, got "${strategy}"`);
  }
  const wsPort = intFromEnv('WS_PORT', 3001);
  const lambdaPort = intFromEnv('LAMBDA_PORT', 3002);
  return {
    stage,
    isOffline,
    tables: {
      connections: requiredEnv('CONNECTIONS_TABLE'),
      contacts: requiredEnv('CONTACTS_TABLE'),
      messages: requiredEnv('MESSAGES_TABLE'),
      routing: requiredEnv('ROUTING_TABLE'),
    },
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    region: process.env.AWS_REGION ?? 'us-east-1',
    websocketEndpoint: isOffline ? `http://127.0.0.1:${wsPort}` : process.env.WEBSOCKET_API_ENDPOINT,
    lambdaEndpoint: isOffline ? `http://127.0.0.1:${lambdaPort}` : undefined,
    afterConnectFunction: process.env.AFTER_CONNECT_FUNCTION ?? `seller-chat-${stage}-afterConnect`,
    tokenSecretParameter: process.env.TOKEN_SECRET_PARAMETER || undefined,
    limits: {
      maxMessageLength: intFromEnv('MAX_MESSAGE_LENGTH', 4000),
      // API Gateway refuses WebSocket frames over 32 KB before they reach us
      maxFrameBytes: intFromEnv('MAX_FRAME_BYTES', 32 * 1024),
      maxUserInfoBytes: intFromEnv('MAX_USER_INFO_BYTES', 4096),
      // DynamoDB refuses items nested deeper than 32 levels; userInfo sits two levels down
      maxUserInfoDepth: intFromEnv('MAX_USER_INFO_DEPTH', 8),
      maxChatsPerSeller: intFromEnv('MAX_CHATS_PER_SELLER', 5),
      // API Gateway closes every WebSocket after 2 h
      connectionTtlSeconds: intFromEnv('CONNECTION_TTL_SECONDS', 2 * 60 * 60),
      visitorTokenTtlSeconds: intFromEnv('VISITOR_TOKEN_TTL_SECONDS', 30 * 24 * 60 * 60),
      presenceGraceSeconds: intFromEnv('PRESENCE_GRACE_SECONDS', 120),
      defaultPageSize: intFromEnv('DEFAULT_PAGE_SIZE', 25),
      maxPageSize: intFromEnv('MAX_PAGE_SIZE', 100),
      maxOpenChatsPerVisitor: intFromEnv('MAX_OPEN_CHATS_PER_VISITOR', 5),
      maxConnectionsPerIdentity: intFromEnv('MAX_CONNECTIONS_PER_IDENTITY', 10),
    },
    rateLimits: {
      visitorMessages: parsePolicy('RATE_LIMIT_VISITOR_MESSAGES', process.env.RATE_LIMIT_VISITOR_MESSAGES, { burst: 20, perSecond: 2 }),
      sellerMessages: parsePolicy('RATE_LIMIT_SELLER_MESSAGES', process.env.RATE_LIMIT_SELLER_MESSAGES, { burst: 60, perSecond: 10 }),
      initChatPerDevice: parsePolicy('RATE_LIMIT_INIT_CHAT', process.env.RATE_LIMIT_INIT_CHAT, { burst: 5, perSecond: 0.2 }),
      // InitChat and the REST fallback from one address: a shop's visitors may share one NAT
      perSourceIp: parsePolicy('RATE_LIMIT_SOURCE_IP', process.env.RATE_LIMIT_SOURCE_IP, { burst: 100, perSecond: 20 }),
    },
    assignmentStrategy: strategy,
    sellerTokens: sellerTokenSettings(),
    widgetOrigins: parseAllowList(process.env.WIDGET_ORIGINS),
  };
}

let cached: Config | undefined;

/** The configuration of this container; missing settings fail on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
