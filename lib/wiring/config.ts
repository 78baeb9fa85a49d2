/**
 * Every setting and limit, read from the environment once per container through one zod schema:
 * a wrong value fails at load with the variable's name, never later in a request.
 */
import * as z from 'zod/mini';
import { afterConnectFunctionName, attachmentsBucketName, knowledgeTableName, SERVICE, SETTINGS, type SettingName } from '../platform/settings';
import { parseExemptAddresses, parsePolicy, type BucketPolicy, type ExemptAddresses } from '../access/rate-limit';
import { parseAllowList, type OriginAllowList } from '../access/origins';
import { parseCustomerSecrets, parseDeviceSessionPolicy, type CustomerSecrets, type DeviceSessionPolicy } from '../access/visitor-sessions';
import type { AssignmentStrategyName } from '../routing/assignment';
import { parseKnowledgeBases } from '../knowledge/knowledge-bases';
import {
  parseAssistantModes,
  parseAutoReplies,
  type AssistantMode,
  parseBusinessHours,
  parseFirstResponseSeconds,
  parsePerTargetCount,
  type TargetRules,
} from '../routing/target-rules';
import type { AssistantLimits } from '../assistant/budget';

/** A variable read by `parse`, whose Error becomes the issue's message. */
const parsedBy = <T>(parse: (raw: string | undefined) => T) =>
  z.pipe(
    z.optional(z.string()),
    z.transform((raw: string | undefined, context) => {
      try {
        return parse(raw);
      } catch (error) {
        context.issues.push({ code: 'custom', message: (error as Error).message, input: raw });
        return z.NEVER;
      }
    }),
  );

/** The default of `name` as the settings registry writes it. */
const defaultOf = (name: SettingName): string | undefined => (SETTINGS[name] as { default?: string }).default;

/** A positive integer setting, its registered default when unset or empty. */
const positiveInt = (name: SettingName) =>
  parsedBy((given) => {
    const raw = given || defaultOf(name);
    const value = Number(raw);
    if (Number.isInteger(value) && value > 0) return value;
    throw new Error(`must be a positive integer, got "${raw}"`);
  });

const required = z.string({ error: 'is required' }).check(z.minLength(1, 'is required'));
const optionalText = parsedBy((raw) => raw || undefined);
const withDefault = (name: SettingName) => z._default(z.string(), defaultOf(name) as string);

const registeredPolicy = (name: SettingName) => parsePolicy(name, defaultOf(name), { burst: 1, perSecond: 1 });
const policy = (name: SettingName) => parsedBy((raw) => parsePolicy(name, raw, registeredPolicy(name)));

const Environment = z.object({
  STAGE: withDefault('STAGE'),
  IS_OFFLINE: optionalText,
  CHATS_TABLE: required,
  MESSAGES_TABLE: required,
  ROUTING_TABLE: required,
  KNOWLEDGE_TABLE: optionalText,
  DYNAMODB_ENDPOINT: optionalText,
  ATTACHMENTS_BUCKET: optionalText,
  S3_ENDPOINT: optionalText,
  MAX_ATTACHMENT_BYTES: positiveInt('MAX_ATTACHMENT_BYTES'),
  ATTACHMENT_UPLOAD_SECONDS: positiveInt('ATTACHMENT_UPLOAD_SECONDS'),
  ATTACHMENT_LINK_SECONDS: positiveInt('ATTACHMENT_LINK_SECONDS'),
  LOCAL_MANAGEMENT_ENDPOINT: optionalText,
  AWS_REGION: withDefault('AWS_REGION'),
  WS_PORT: positiveInt('WS_PORT'),
  LAMBDA_PORT: positiveInt('LAMBDA_PORT'),
  WEBSOCKET_API_ENDPOINT: optionalText,
  AFTER_CONNECT_FUNCTION: optionalText,
  AFTER_CONNECT_FAILURES_DIR: optionalText,
  AFTER_CONNECT_FAULT_FILE: optionalText,
  TOKEN_SECRET_PARAMETER: optionalText,
  SELLER_TOKEN_SECRET: optionalText,
  MAX_MESSAGE_LENGTH: positiveInt('MAX_MESSAGE_LENGTH'),
  MAX_FRAME_BYTES: positiveInt('MAX_FRAME_BYTES'),
  MAX_USER_INFO_BYTES: positiveInt('MAX_USER_INFO_BYTES'),
  MAX_USER_INFO_DEPTH: positiveInt('MAX_USER_INFO_DEPTH'),
  MAX_CHATS_PER_SELLER: positiveInt('MAX_CHATS_PER_SELLER'),
  CONNECTION_TTL_SECONDS: positiveInt('CONNECTION_TTL_SECONDS'),
  VISITOR_TOKEN_TTL_SECONDS: positiveInt('VISITOR_TOKEN_TTL_SECONDS'),
  VISITOR_SESSION_TTL_SECONDS: positiveInt('VISITOR_SESSION_TTL_SECONDS'),
  CONNECT_TICKET_TTL_SECONDS: positiveInt('CONNECT_TICKET_TTL_SECONDS'),
  PRESENCE_GRACE_SECONDS: positiveInt('PRESENCE_GRACE_SECONDS'),
  DEFAULT_PAGE_SIZE: positiveInt('DEFAULT_PAGE_SIZE'),
  MAX_PAGE_SIZE: positiveInt('MAX_PAGE_SIZE'),
  MAX_OPEN_CHATS_PER_VISITOR: positiveInt('MAX_OPEN_CHATS_PER_VISITOR'),
  MAX_CONNECTIONS_PER_IDENTITY: positiveInt('MAX_CONNECTIONS_PER_IDENTITY'),
  KNOWLEDGE_MAX_DOC_BYTES: positiveInt('KNOWLEDGE_MAX_DOC_BYTES'),
  KNOWLEDGE_MAX_DOCS: positiveInt('KNOWLEDGE_MAX_DOCS'),
  KNOWLEDGE_BASES: parsedBy(parseKnowledgeBases),
  RATE_LIMIT_VISITOR_MESSAGES: policy('RATE_LIMIT_VISITOR_MESSAGES'),
  RATE_LIMIT_SELLER_MESSAGES: policy('RATE_LIMIT_SELLER_MESSAGES'),
  RATE_LIMIT_INIT_CHAT: policy('RATE_LIMIT_INIT_CHAT'),
  RATE_LIMIT_SOURCE_IP: policy('RATE_LIMIT_SOURCE_IP'),
  RATE_LIMIT_CHAT_STARTS_PER_ADDRESS: policy('RATE_LIMIT_CHAT_STARTS_PER_ADDRESS'),
  RATE_LIMIT_NEW_VISITORS: policy('RATE_LIMIT_NEW_VISITORS'),
  RATE_LIMIT_EXEMPT_ADDRESSES: parsedBy(parseExemptAddresses),
  RATE_LIMIT_TYPING: policy('RATE_LIMIT_TYPING'),
  RATE_LIMIT_RESUME: policy('RATE_LIMIT_RESUME'),
  RATE_LIMIT_LEAVE_EMAIL: policy('RATE_LIMIT_LEAVE_EMAIL'),
  RATE_LIMIT_CONVERSATION_CALLER: policy('RATE_LIMIT_CONVERSATION_CALLER'),
  RATE_LIMIT_CONVERSATION_TARGET: policy('RATE_LIMIT_CONVERSATION_TARGET'),
  SSE_HEARTBEAT_SECONDS: positiveInt('SSE_HEARTBEAT_SECONDS'),
  CONVERSATION_RESUME_WAIT_SECONDS: positiveInt('CONVERSATION_RESUME_WAIT_SECONDS'),
  RATE_LIMIT_VISITOR_CONTEXT: policy('RATE_LIMIT_VISITOR_CONTEXT'),
  RATE_LIMIT_ATTACHMENTS: policy('RATE_LIMIT_ATTACHMENTS'),
  ASSIGNMENT_STRATEGY: z._default(z.enum(['least-active', 'round-robin']), defaultOf('ASSIGNMENT_STRATEGY') as AssignmentStrategyName),
  WIDGET_ORIGINS: parsedBy(parseAllowList),
  DEVICE_SESSIONS_OFF: parsedBy(parseDeviceSessionPolicy),
  CUSTOMER_SECRETS: parsedBy(parseCustomerSecrets),
  FIRST_RESPONSE_SECONDS: parsedBy(parseFirstResponseSeconds),
  BUSINESS_HOURS: parsedBy(parseBusinessHours),
  AUTO_REPLIES: parsedBy(parseAutoReplies),
  ASSISTANT: parsedBy(parseAssistantModes),
  ASSISTANT_FUNCTION: optionalText,
  ASSISTANT_ANSWERS_PER_MINUTE: parsedBy((raw) => parsePerTargetCount('ASSISTANT_ANSWERS_PER_MINUTE', raw ?? defaultOf('ASSISTANT_ANSWERS_PER_MINUTE'))),
  ASSISTANT_TOKENS_PER_DAY: parsedBy((raw) => parsePerTargetCount('ASSISTANT_TOKENS_PER_DAY', raw ?? defaultOf('ASSISTANT_TOKENS_PER_DAY'))),
  SELLER_TOKEN_VERIFIER: z._default(z.enum(['hs256', 'jwks']), defaultOf('SELLER_TOKEN_VERIFIER') as 'hs256'),
  JWKS_URL: optionalText,
  JWT_ISSUER: optionalText,
  JWT_AUDIENCE: optionalText,
  SELLER_ID_CLAIM: optionalText,
  SELLER_TEAMS_CLAIM: optionalText,
});

export interface Config {
  stage: string;
  isOffline: boolean;
  /** `knowledge` defaults to the stage's name for it, so a configuration without it (a unit test's) still loads. */
  tables: { chats: string; messages: string; routing: string; knowledge: string };
  dynamoEndpoint: string | undefined;
  region: string;
  /** Local management API; on AWS the WebSocket API's own https endpoint. */
  websocketEndpoint: string | undefined;
  lambdaEndpoint: string | undefined;
  afterConnectFunction: string;
  /** the shop's assistant: its mode per target (ASSISTANT) and the function that answers */
  assistant: { modes: Record<string, AssistantMode>; functionName: string; limits: AssistantLimits };
  /** Local mode only: where failed afterConnect events are kept (AWS uses the on-failure destination), and the test's fault switch. */
  afterConnectFailures?: { dir: string; faultFile?: string };
  tokenSecretParameter: string | undefined;
  /** Local mode: the token secret itself (on AWS it comes from SSM, TOKEN_SECRET_PARAMETER). */
  sellerTokenSecret: string | undefined;
  limits: {
    maxMessageLength: number;
    maxFrameBytes: number;
    maxUserInfoBytes: number;
    maxUserInfoDepth: number;
    maxChatsPerSeller: number;
    connectionTtlSeconds: number;
    visitorTokenTtlSeconds: number;
    /** A visitor session lasts this long after its last use (each ticket renews it). */
    visitorSessionTtlSeconds: number;
    /** A connect ticket opens a socket within this time, once. */
    connectTicketTtlSeconds: number;
    /** How long a seller may stay away or offline before its chats go back to their queue. */
    presenceGraceSeconds: number;
    /** Default and largest page of the history API's lists. */
    defaultPageSize: number;
    maxPageSize: number;
    maxOpenChatsPerVisitor: number;
    maxConnectionsPerIdentity: number;
  };
  /** Chat attachments: the bucket (and the local S3 endpoint), the largest file, and how long forms and links last. */
  attachments: { bucket: string; s3Endpoint: string | undefined; maxBytes: number; uploadSeconds: number; linkSeconds: number };
  /** A target's knowledge base: the size of one document's text and how many documents it holds. */
  knowledgeLimits: { maxDocBytes: number; maxDocs: number };
  /** targets whose knowledge is a Bedrock Knowledge Base (KNOWLEDGE_BASES) */
  knowledgeBases: Record<string, string>;
  /** Token buckets, written BURST/PER_SECOND in the environment. */
  rateLimits: {
    visitorMessages: BucketPolicy;
    sellerMessages: BucketPolicy;
    initChatPerDevice: BucketPolicy;
    perSourceIp: BucketPolicy;
    chatStartsPerAddress: BucketPolicy;
    newVisitorsPerAddress: BucketPolicy;
    /** addresses the per-address buckets skip */
    exemptAddresses: ExemptAddresses;
    /** per identity, frames that cost a write or a replay but no message */
    frames: { typing: BucketPolicy; resume: BucketPolicy; leaveEmail: BucketPolicy; visitorContext: BucketPolicy; attachments: BucketPolicy };
  };
  assignmentStrategy: AssignmentStrategyName;
  /** The conversation API: its buckets, the event stream's heartbeat, and how long a resumed stream waits. */
  conversations: { perCaller: BucketPolicy; perTarget: BucketPolicy; heartbeatMs: number; resumeWaitMs: number };
  /** Web pages allowed to embed each seller's or team's widget (WIDGET_ORIGINS); unlisted targets allow any. */
  widgetOrigins: OriginAllowList;
  /** Sellers and teams whose chats device sessions may not start (DEVICE_SESSIONS_OFF; `*` for all). */
  deviceSessionsOff: DeviceSessionPolicy;
  /** Per seller or team, the secret its shop signs logged-in customers' ids with (CUSTOMER_SECRETS). */
  customerSecrets: CustomerSecrets;
  /** Per seller or team: first-response time, business hours and auto-replies (lib/routing/target-rules.ts). */
  targetRules: TargetRules;
  /** Seller tokens: our HS256 secret (default), or an identity provider's JWKS (e.g. a Cognito user pool). */
  sellerTokens: { kind: 'hs256' } | { kind: 'jwks'; jwksUrl: string; issuer: string; audience: string; sellerIdClaim: string; teamsClaim: string };
}

type Environment = z.infer<typeof Environment>;

function sellerTokenSettings(env: Environment): Config['sellerTokens'] {
  if (env.SELLER_TOKEN_VERIFIER === 'hs256') return { kind: 'hs256' };
  const missing = (['JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE'] as const).filter((name) => !env[name]);
  if (missing.length) throw new Error(`SELLER_TOKEN_VERIFIER=jwks needs ${missing.join(', ')}`);
  return {
    kind: 'jwks',
    jwksUrl: env.JWKS_URL as string,
    issuer: env.JWT_ISSUER as string,
    audience: env.JWT_AUDIENCE as string,
    sellerIdClaim: env.SELLER_ID_CLAIM ?? (defaultOf('SELLER_ID_CLAIM') as string),
    teamsClaim: env.SELLER_TEAMS_CLAIM ?? (defaultOf('SELLER_TEAMS_CLAIM') as string),
  };
}

/** Reads `source` (the process environment by default); throws one error naming every wrong variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Environment.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  const isOffline = env.IS_OFFLINE === 'true';
  return {
    stage: env.STAGE,
    isOffline,
    tables: {
      chats: env.CHATS_TABLE,
      messages: env.MESSAGES_TABLE,
      routing: env.ROUTING_TABLE,
      knowledge: env.KNOWLEDGE_TABLE ?? knowledgeTableName(env.STAGE),
    },
    dynamoEndpoint: env.DYNAMODB_ENDPOINT,
    region: env.AWS_REGION,
    websocketEndpoint: isOffline ? (env.LOCAL_MANAGEMENT_ENDPOINT ?? `http://127.0.0.1:${env.WS_PORT}`) : env.WEBSOCKET_API_ENDPOINT,
    lambdaEndpoint: isOffline ? `http://127.0.0.1:${env.LAMBDA_PORT}` : undefined,
    afterConnectFunction: env.AFTER_CONNECT_FUNCTION ?? afterConnectFunctionName(env.STAGE),
    assistant: {
      modes: env.ASSISTANT,
      functionName: env.ASSISTANT_FUNCTION ?? `${SERVICE}-${env.STAGE}-assistantAnswer`,
      limits: { answersPerMinute: env.ASSISTANT_ANSWERS_PER_MINUTE, tokensPerDay: env.ASSISTANT_TOKENS_PER_DAY },
    },
    ...(isOffline && env.AFTER_CONNECT_FAILURES_DIR
      ? { afterConnectFailures: { dir: env.AFTER_CONNECT_FAILURES_DIR, ...(env.AFTER_CONNECT_FAULT_FILE ? { faultFile: env.AFTER_CONNECT_FAULT_FILE } : {}) } }
      : {}),
    tokenSecretParameter: env.TOKEN_SECRET_PARAMETER,
    sellerTokenSecret: env.SELLER_TOKEN_SECRET,
    limits: {
      maxMessageLength: env.MAX_MESSAGE_LENGTH,
      maxFrameBytes: env.MAX_FRAME_BYTES,
      maxUserInfoBytes: env.MAX_USER_INFO_BYTES,
      maxUserInfoDepth: env.MAX_USER_INFO_DEPTH,
      maxChatsPerSeller: env.MAX_CHATS_PER_SELLER,
      connectionTtlSeconds: env.CONNECTION_TTL_SECONDS,
      visitorTokenTtlSeconds: env.VISITOR_TOKEN_TTL_SECONDS,
      visitorSessionTtlSeconds: env.VISITOR_SESSION_TTL_SECONDS,
      connectTicketTtlSeconds: env.CONNECT_TICKET_TTL_SECONDS,
      presenceGraceSeconds: env.PRESENCE_GRACE_SECONDS,
      defaultPageSize: env.DEFAULT_PAGE_SIZE,
      maxPageSize: env.MAX_PAGE_SIZE,
      maxOpenChatsPerVisitor: env.MAX_OPEN_CHATS_PER_VISITOR,
      maxConnectionsPerIdentity: env.MAX_CONNECTIONS_PER_IDENTITY,
    },
    attachments: {
      bucket: attachmentsBucketName(source),
      s3Endpoint: env.S3_ENDPOINT,
      maxBytes: env.MAX_ATTACHMENT_BYTES,
      uploadSeconds: env.ATTACHMENT_UPLOAD_SECONDS,
      linkSeconds: env.ATTACHMENT_LINK_SECONDS,
    },
    knowledgeLimits: { maxDocBytes: env.KNOWLEDGE_MAX_DOC_BYTES, maxDocs: env.KNOWLEDGE_MAX_DOCS },
    knowledgeBases: env.KNOWLEDGE_BASES,
    rateLimits: {
      visitorMessages: env.RATE_LIMIT_VISITOR_MESSAGES,
      sellerMessages: env.RATE_LIMIT_SELLER_MESSAGES,
      initChatPerDevice: env.RATE_LIMIT_INIT_CHAT,
      perSourceIp: env.RATE_LIMIT_SOURCE_IP,
      chatStartsPerAddress: env.RATE_LIMIT_CHAT_STARTS_PER_ADDRESS,
      newVisitorsPerAddress: env.RATE_LIMIT_NEW_VISITORS,
      exemptAddresses: env.RATE_LIMIT_EXEMPT_ADDRESSES,
      frames: {
        typing: env.RATE_LIMIT_TYPING,
        resume: env.RATE_LIMIT_RESUME,
        leaveEmail: env.RATE_LIMIT_LEAVE_EMAIL,
        visitorContext: env.RATE_LIMIT_VISITOR_CONTEXT,
        attachments: env.RATE_LIMIT_ATTACHMENTS,
      },
    },
    assignmentStrategy: env.ASSIGNMENT_STRATEGY,
    conversations: {
      perCaller: env.RATE_LIMIT_CONVERSATION_CALLER,
      perTarget: env.RATE_LIMIT_CONVERSATION_TARGET,
      heartbeatMs: env.SSE_HEARTBEAT_SECONDS * 1000,
      resumeWaitMs: env.CONVERSATION_RESUME_WAIT_SECONDS * 1000,
    },
    widgetOrigins: env.WIDGET_ORIGINS,
    deviceSessionsOff: env.DEVICE_SESSIONS_OFF,
    customerSecrets: env.CUSTOMER_SECRETS,
    targetRules: { firstResponseSeconds: env.FIRST_RESPONSE_SECONDS, businessHours: env.BUSINESS_HOURS, autoReplies: env.AUTO_REPLIES, assistantModes: env.ASSISTANT },
    sellerTokens: sellerTokenSettings(env),
  };
}

let cached: Config | undefined;

/** The configuration of this container, read on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
