/**
 * Every environment variable the service and its local runner read, with its default, written
 * once (what each means is in settings-docs.ts, which only the README's generator loads, so no
 * bundle carries the prose). The configuration (lib/wiring/config.ts) parses them, the low-level modules
 * (logger, metrics, trace) and the local scripts read their few through `readSetting`, and the
 * README's configuration table is rendered from this list (`npm run docs:config`, checked by a test).
 */

export interface Setting {
  /** The default as the environment would spell it; absent when unset means "off" or "none". */
  default?: string;
  /** Who sets it: a person running or deploying the service, `serverless.yml` at deploy, or the local runner for its children. */
  setBy: 'operator' | 'deploy' | 'local runner';
}

export const SETTINGS = {
  DATA_DIR: { default: './.data', setBy: 'operator' },
  HTTP_PORT: { default: '3000', setBy: 'operator' },
  WS_PORT: { default: '3001', setBy: 'operator' },
  LAMBDA_PORT: { default: '3002', setBy: 'operator' },
  DYNAMODB_PORT: { default: '8000', setBy: 'operator' },
  WEB_PORT: { default: '8080', setBy: 'operator' },
  DDB_ENGINE: { default: 'dynalite', setBy: 'operator' },
  SWEEP_INTERVAL_SECONDS: { default: '60', setBy: 'operator' },
  MAX_MESSAGE_LENGTH: { default: '4000', setBy: 'operator' },
  // API Gateway refuses WebSocket frames over 32 KB before they reach us
  MAX_FRAME_BYTES: { default: '32768', setBy: 'operator' },
  MAX_USER_INFO_BYTES: { default: '4096', setBy: 'operator' },
  // DynamoDB refuses items nested deeper than 32 levels; userInfo sits two levels down
  MAX_USER_INFO_DEPTH: { default: '8', setBy: 'operator' },
  MAX_CHATS_PER_SELLER: { default: '5', setBy: 'operator' },
  MAX_OPEN_CHATS_PER_VISITOR: { default: '5', setBy: 'operator' },
  MAX_CONNECTIONS_PER_IDENTITY: { default: '10', setBy: 'operator' },
  RATE_LIMIT_VISITOR_MESSAGES: { default: '20/2', setBy: 'operator' },
  RATE_LIMIT_SELLER_MESSAGES: { default: '60/10', setBy: 'operator' },
  RATE_LIMIT_INIT_CHAT: { default: '5/0.2', setBy: 'operator' },
  // a shop's visitors may share one NAT
  RATE_LIMIT_SOURCE_IP: { default: '100/20', setBy: 'operator' },
  // a shop's visitors may share one NAT, so these allow a burst, then a steady trickle
  RATE_LIMIT_CHAT_STARTS_PER_ADDRESS: { default: '20/0.1', setBy: 'operator' },
  RATE_LIMIT_NEW_VISITORS: { default: '30/0.5', setBy: 'operator' },
  RATE_LIMIT_TYPING: { default: '10/1', setBy: 'operator' },
  RATE_LIMIT_RESUME: { default: '10/0.5', setBy: 'operator' },
  RATE_LIMIT_LEAVE_EMAIL: { default: '3/0.05', setBy: 'operator' },
  ASSISTANT: { setBy: 'operator' },
  ASSISTANT_FUNCTION: { setBy: 'deploy' },
  RATE_LIMIT_EXEMPT_ADDRESSES: { setBy: 'operator' },
  KNOWLEDGE_MAX_DOC_BYTES: { default: '102400', setBy: 'operator' },
  // every question's retrieval rebuilds its target's index from all of its passages when they change
  KNOWLEDGE_MAX_DOCS: { default: '200', setBy: 'operator' },
  PRESENCE_GRACE_SECONDS: { default: '120', setBy: 'operator' },
  FIRST_RESPONSE_SECONDS: { setBy: 'operator' },
  BUSINESS_HOURS: { setBy: 'operator' },
  AUTO_REPLIES: { setBy: 'operator' },
  DEFAULT_PAGE_SIZE: { default: '25', setBy: 'operator' },
  MAX_PAGE_SIZE: { default: '100', setBy: 'operator' },
  ASSIGNMENT_STRATEGY: { default: 'least-active', setBy: 'operator' },
  // API Gateway closes every WebSocket after 2 h
  CONNECTION_TTL_SECONDS: { default: '7200', setBy: 'operator' },
  VISITOR_TOKEN_TTL_SECONDS: { default: '2592000', setBy: 'operator' },
  VISITOR_SESSION_TTL_SECONDS: { default: '2592000', setBy: 'operator' },
  CONNECT_TICKET_TTL_SECONDS: { default: '60', setBy: 'operator' },
  TRACING: { default: 'false', setBy: 'operator' },
  CUSTOMER_SECRETS: { setBy: 'operator' },
  DEVICE_SESSIONS_OFF: { setBy: 'operator' },
  WIDGET_ORIGINS: { setBy: 'operator' },
  LOG_LEVEL: { default: 'info', setBy: 'operator' },
  SELLER_TOKEN_VERIFIER: { default: 'hs256', setBy: 'operator' },
  JWKS_URL: { setBy: 'operator' },
  JWT_ISSUER: { setBy: 'operator' },
  JWT_AUDIENCE: { setBy: 'operator' },
  SELLER_ID_CLAIM: { default: 'sub', setBy: 'operator' },
  SELLER_TEAMS_CLAIM: { default: 'cognito:groups', setBy: 'operator' },
  ASSISTANT_ENGINE: { default: 'extractive', setBy: 'operator' },
  BEDROCK_MODEL_ID: { setBy: 'operator' },
  OPENAI_BASE_URL: { setBy: 'operator' },
  OPENAI_MODEL: { setBy: 'operator' },
  OPENAI_API_KEY: { setBy: 'operator' },
  SELLER_TOKEN_SECRET: { setBy: 'local runner' },
  STAGE: { default: 'local', setBy: 'deploy' },
  CHATS_TABLE: { setBy: 'deploy' },
  MESSAGES_TABLE: { setBy: 'deploy' },
  ROUTING_TABLE: { setBy: 'deploy' },
  KNOWLEDGE_TABLE: { setBy: 'deploy' },
  AFTER_CONNECT_FUNCTION: { setBy: 'deploy' },
  TOKEN_SECRET_PARAMETER: { setBy: 'deploy' },
  WEBSOCKET_API_ENDPOINT: { setBy: 'deploy' },
  AWS_REGION: { default: 'us-east-1', setBy: 'deploy' },
  IS_OFFLINE: { setBy: 'local runner' },
  DYNAMODB_ENDPOINT: { setBy: 'local runner' },
  AFTER_CONNECT_FAILURES_DIR: { setBy: 'local runner' },
  AFTER_CONNECT_FAULT_FILE: { setBy: 'local runner' },
  CHAT_TRACE: { setBy: 'local runner' },
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
