/**
 * Every environment variable the service and its local runner read, with its default, written
 * once (what each means is in settings-docs.ts, which only the README's generator loads, so no
 * bundle carries the prose). The configuration (lib/wiring/config.ts) parses them, the low-level modules
 * (logger, metrics, trace) and the local scripts read their few through `readSetting`, and the
 * README's configuration table is rendered from this list and settings-docs.ts (`npm run docs:readme`, checked by a test).
 */

export interface Setting {
  /** The default as the environment would spell it; absent when unset means "off" or "none". */
  default?: string;
}

export const SETTINGS = {
  DATA_DIR: { default: './.data' },
  HTTP_PORT: { default: '3000' },
  WS_PORT: { default: '3001' },
  LAMBDA_PORT: { default: '3002' },
  DYNAMODB_PORT: { default: '8000' },
  S3_PORT: { default: '8002' },
  WEB_PORT: { default: '8080' },
  STREAM_PORT: { default: '3003' },
  DDB_ENGINE: { default: 'dynalite' },
  SWEEP_INTERVAL_SECONDS: { default: '60' },
  MAX_MESSAGE_LENGTH: { default: '4000' },
  // API Gateway refuses WebSocket frames over 32 KB before they reach us
  MAX_FRAME_BYTES: { default: '32768' },
  MAX_USER_INFO_BYTES: { default: '4096' },
  // DynamoDB refuses items nested deeper than 32 levels; userInfo sits two levels down
  MAX_USER_INFO_DEPTH: { default: '8' },
  MAX_CHATS_PER_SELLER: { default: '5' },
  MAX_OPEN_CHATS_PER_VISITOR: { default: '5' },
  MAX_CONNECTIONS_PER_IDENTITY: { default: '10' },
  RATE_LIMIT_VISITOR_MESSAGES: { default: '20/2' },
  RATE_LIMIT_SELLER_MESSAGES: { default: '60/10' },
  RATE_LIMIT_INIT_CHAT: { default: '5/0.2' },
  // a shop's visitors may share one NAT
  RATE_LIMIT_SOURCE_IP: { default: '100/20' },
  // a shop's visitors may share one NAT, so these allow a burst, then a steady trickle
  RATE_LIMIT_CHAT_STARTS_PER_ADDRESS: { default: '20/0.1' },
  RATE_LIMIT_NEW_VISITORS: { default: '30/0.5' },
  RATE_LIMIT_TYPING: { default: '10/1' },
  RATE_LIMIT_RESUME: { default: '10/0.5' },
  RATE_LIMIT_LEAVE_EMAIL: { default: '3/0.05' },
  // a client reading a conversation polls it; one question costs a request too
  RATE_LIMIT_CONVERSATION_CALLER: { default: '30/1' },
  // every visitor of one shop together: a flash sale's questions, not one shop's share of the whole service
  RATE_LIMIT_CONVERSATION_TARGET: { default: '1000/100' },
  // API Gateway, proxies and browsers drop a silent connection; a comment every few seconds keeps it
  SSE_HEARTBEAT_SECONDS: { default: '10' },
  CONVERSATION_RESUME_WAIT_SECONDS: { default: '20' },
  RATE_LIMIT_VISITOR_CONTEXT: { default: '5/0.2' },
  // each form writes a record and lets a file into the bucket
  RATE_LIMIT_ATTACHMENTS: { default: '10/0.2' },
  ASSISTANT: {},
  ASSISTANT_FUNCTION: {},
  // a guard on cost: two answers a second per shop, and a day of busy chatting with a small model
  ASSISTANT_ANSWERS_PER_MINUTE: { default: '120' },
  ASSISTANT_TOKENS_PER_DAY: { default: '2000000' },
  RATE_LIMIT_EXEMPT_ADDRESSES: {},
  MAX_ATTACHMENT_BYTES: { default: '10485760' },
  // long enough for a slow upload of the largest file to start; the form is refused after it
  ATTACHMENT_UPLOAD_SECONDS: { default: '300' },
  // a link in a pushed frame or a history page; a page reload issues fresh ones
  ATTACHMENT_LINK_SECONDS: { default: '3600' },
  ATTACHMENT_ORIGINS: { default: '*' },
  KNOWLEDGE_MAX_DOC_BYTES: { default: '102400' },
  // every question's retrieval rebuilds its target's index from all of its passages when they change
  KNOWLEDGE_MAX_DOCS: { default: '200' },
  KNOWLEDGE_BASES: {},
  PRESENCE_GRACE_SECONDS: { default: '120' },
  FIRST_RESPONSE_SECONDS: {},
  BUSINESS_HOURS: {},
  AUTO_REPLIES: {},
  DEFAULT_PAGE_SIZE: { default: '25' },
  MAX_PAGE_SIZE: { default: '100' },
  ASSIGNMENT_STRATEGY: { default: 'least-active' },
  // API Gateway closes every WebSocket after 2 h
  CONNECTION_TTL_SECONDS: { default: '7200' },
  VISITOR_TOKEN_TTL_SECONDS: { default: '2592000' },
  VISITOR_SESSION_TTL_SECONDS: { default: '2592000' },
  CONNECT_TICKET_TTL_SECONDS: { default: '60' },
  TRACING: { default: 'false' },
  CUSTOMER_SECRETS: {},
  DEVICE_SESSIONS_OFF: {},
  WIDGET_ORIGINS: {},
  LOG_LEVEL: { default: 'info' },
  SELLER_TOKEN_VERIFIER: { default: 'hs256' },
  JWKS_URL: {},
  JWT_ISSUER: {},
  JWT_AUDIENCE: {},
  SELLER_ID_CLAIM: { default: 'sub' },
  SELLER_TEAMS_CLAIM: { default: 'cognito:groups' },
  ASSISTANT_ENGINE: { default: 'extractive' },
  BEDROCK_MODEL_ID: {},
  OPENAI_BASE_URL: {},
  OPENAI_MODEL: {},
  OPENAI_API_KEY: {},
  SELLER_TOKEN_SECRET: {},
  STAGE: { default: 'local' },
  CHATS_TABLE: {},
  MESSAGES_TABLE: {},
  ROUTING_TABLE: {},
  KNOWLEDGE_TABLE: {},
  ATTACHMENTS_BUCKET: {},
  AFTER_CONNECT_FUNCTION: {},
  TOKEN_SECRET_PARAMETER: {},
  WEBSOCKET_API_ENDPOINT: {},
  AWS_REGION: { default: 'us-east-1' },
  IS_OFFLINE: {},
  DYNAMODB_ENDPOINT: {},
  S3_ENDPOINT: {},
  LOCAL_MANAGEMENT_ENDPOINT: {},
  AFTER_CONNECT_FAILURES_DIR: {},
  AFTER_CONNECT_FAULT_FILE: {},
  CHAT_TRACE: {},
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

/** The variable's value, or its default when unset or empty; undefined when it has none. */
export function readSetting(name: SettingName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env[name];
  if (raw !== undefined && raw !== '') return raw;
  const setting: Setting = SETTINGS[name];
  return setting.default;
}

/** The service's name in AWS resource names (serverless.yml's `service`). */
export const SERVICE = 'seller-chat';

/** The knowledge table's name in `stage`, as serverless.yml names it. */
export const knowledgeTableName = (stage: string): string => `${SERVICE}-${stage}-knowledge`;

/** The attachments bucket's name in `stage` locally; serverless.yml adds the account id, since bucket names are global. */
export const localAttachmentsBucketName = (stage: string): string => `${SERVICE}-${stage}-attachments`;

/**
 * The attachments bucket of this environment: ATTACHMENTS_BUCKET on AWS (serverless.yml sets it to
 * the bucket's Ref), the local name offline, where serverless-offline hands that Ref on unresolved.
 */
export function attachmentsBucketName(env: NodeJS.ProcessEnv = process.env): string {
  const given = readSetting('ATTACHMENTS_BUCKET', env);
  return given && readSetting('IS_OFFLINE', env) !== 'true' ? given : localAttachmentsBucketName(readSetting('STAGE', env) as string);
}

/** The afterConnect function's name in `stage`, as serverless.yml names it. */
export const afterConnectFunctionName = (stage: string): string => `${SERVICE}-${stage}-afterConnect`;

/**
 * A positive integer setting, for the few modules below the composition root that need one number
 * and not the whole configuration (the WebSocket adapter's frame limit): a wrong value fails at
 * load, naming the variable, as the configuration does.
 */
export function positiveIntSetting(name: SettingName, env: NodeJS.ProcessEnv = process.env): number {
  const raw = readSetting(name, env);
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`invalid configuration: ${name} must be a positive integer, got "${raw}"`);
  return value;
}
