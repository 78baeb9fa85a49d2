/**
 * Every environment variable the service and its local runner read, with its default and meaning,
 * written once. The configuration (lib/wiring/config.ts) parses them, the low-level modules
 * (logger, metrics, trace) and the local scripts read their few through `readSetting`, and the
 * README's configuration table is rendered from this list (`npm run docs:config`, checked by a test).
 */

export interface Setting {
  /** The default as the environment would spell it; absent when unset means "off" or "none". */
  default?: string;
  /** How the README shows an absent default, e.g. "(off)". */
  unset?: string;
  /** Who sets it: a person running or deploying the service, `serverless.yml` at deploy, or the local runner for its children. */
  setBy: 'operator' | 'deploy' | 'local runner';
  doc: string;
}

export const SETTINGS = {
  DATA_DIR: { default: './.data', setBy: 'operator', doc: 'local data: the DynamoDB files, `token-secret` and `logs/`' },
  HTTP_PORT: { default: '3000', setBy: 'operator', doc: 'local HTTP API port' },
  WS_PORT: { default: '3001', setBy: 'operator', doc: 'local WebSocket API port (the management API answers on it too)' },
  LAMBDA_PORT: { default: '3002', setBy: 'operator', doc: "local Lambda invoke port (serverless-offline's)" },
  DYNAMODB_PORT: { default: '8000', setBy: 'operator', doc: 'local DynamoDB port' },
  WEB_PORT: { default: '8080', setBy: 'operator', doc: 'local web server: the demo shop and the dashboard' },
  DDB_ENGINE: { default: 'dynalite', setBy: 'operator', doc: "`dynalite` (embedded, pure Node) or `dynamodb-local` (AWS's DynamoDB Local, needs Java 17)" },
  SWEEP_INTERVAL_SECONDS: { default: '60', setBy: 'operator', doc: 'local mode: how often `npm start` runs the sweep (AWS runs it every minute)' },
  MAX_MESSAGE_LENGTH: { default: '4000', setBy: 'operator', doc: 'characters per chat message' },
  // API Gateway refuses WebSocket frames over 32 KB before they reach us
  MAX_FRAME_BYTES: { default: '32768', setBy: 'operator', doc: 'bytes per WebSocket frame' },
  MAX_USER_INFO_BYTES: { default: '4096', setBy: 'operator', doc: 'bytes of `userInfo` as JSON' },
  // DynamoDB refuses items nested deeper than 32 levels; userInfo sits two levels down
  MAX_USER_INFO_DEPTH: { default: '8', setBy: 'operator', doc: 'nesting levels of `userInfo`' },
  MAX_CHATS_PER_SELLER: { default: '5', setBy: 'operator', doc: "default capacity; a token's `maxChats` overrides it" },
  MAX_OPEN_CHATS_PER_VISITOR: { default: '5', setBy: 'operator', doc: 'open chats one visitor may hold' },
  MAX_CONNECTIONS_PER_IDENTITY: { default: '10', setBy: 'operator', doc: 'sockets one visitor or seller may hold' },
  RATE_LIMIT_VISITOR_MESSAGES: { default: '20/2', setBy: 'operator', doc: "a visitor's message bucket, `BURST/PER_SECOND`" },
  RATE_LIMIT_SELLER_MESSAGES: { default: '60/10', setBy: 'operator', doc: "a seller's message bucket, `BURST/PER_SECOND`" },
  RATE_LIMIT_INIT_CHAT: { default: '5/0.2', setBy: 'operator', doc: 'chat starts per visitor' },
  // a shop's visitors may share one NAT
  RATE_LIMIT_SOURCE_IP: { default: '100/20', setBy: 'operator', doc: 'REST fallback requests per source address' },
  // a shop's visitors may share one NAT, so these allow a burst, then a steady trickle
  RATE_LIMIT_CHAT_STARTS_PER_ADDRESS: { default: '20/0.1', setBy: 'operator', doc: 'chats started per source address (InitChat, and REST bodies without a credential)' },
  RATE_LIMIT_NEW_VISITORS: { default: '30/0.5', setBy: 'operator', doc: 'new visitor sessions (`POST /v1/connect-tickets` without a credential) per source address' },
  RATE_LIMIT_TYPING: { default: '10/1', setBy: 'operator', doc: '`typing` frames per visitor or seller' },
  RATE_LIMIT_RESUME: { default: '10/0.5', setBy: 'operator', doc: '`resume` frames per visitor or seller (each replays a chat)' },
  RATE_LIMIT_LEAVE_EMAIL: { default: '3/0.05', setBy: 'operator', doc: '`leaveEmail` frames per visitor (each writes the chat)' },
  RATE_LIMIT_EXEMPT_ADDRESSES: { unset: '(none)', setBy: 'operator', doc: "comma-separated source addresses the per-address buckets skip (a shop's own server, a load test)" },
  KNOWLEDGE_MAX_DOC_BYTES: { default: '102400', setBy: 'operator', doc: "bytes of one knowledge document's text (UTF-8); a bigger one is refused with 413" },
  // every question's retrieval rebuilds its target's index from all of its passages when they change
  KNOWLEDGE_MAX_DOCS: { default: '200', setBy: 'operator', doc: 'knowledge documents one seller or team may hold' },
  PRESENCE_GRACE_SECONDS: { default: '120', setBy: 'operator', doc: 'how long an away or offline seller keeps its chats' },
  FIRST_RESPONSE_SECONDS: {
    unset: '(off)',
    setBy: 'operator',
    doc: 'JSON: per seller or team id (`*` for the rest), seconds an assigned chat waits for its seller\'s first reply before it is offered to another seller: `{"sales": 120}`',
  },
  BUSINESS_HOURS: {
    unset: '(always open)',
    setBy: 'operator',
    doc: 'JSON: per seller or team id, weekly hours in a time zone: `{"sales": {"timeZone": "Europe/Berlin", "hours": {"mon-fri": "09:00-12:00,13:00-17:00", "sat": "10:00-13:00"}}}`',
  },
  AUTO_REPLIES: {
    unset: '(built-in texts)',
    setBy: 'operator',
    doc: 'JSON: per seller or team id, what a waiting visitor is told when nobody is online or the target is closed: `{"sales": {"offline": "…", "closed": "…"}}`',
  },
  DEFAULT_PAGE_SIZE: { default: '25', setBy: 'operator', doc: 'page of the history API when the request names none' },
  MAX_PAGE_SIZE: { default: '100', setBy: 'operator', doc: 'largest page of the history API' },
  ASSIGNMENT_STRATEGY: { default: 'least-active', setBy: 'operator', doc: '`least-active` or `round-robin`' },
  // API Gateway closes every WebSocket after 2 h
  CONNECTION_TTL_SECONDS: { default: '7200', setBy: 'operator', doc: 'TTL of connection rows' },
  VISITOR_TOKEN_TTL_SECONDS: { default: '2592000', setBy: 'operator', doc: 'lifetime of a visitorToken (30 days)' },
  VISITOR_SESSION_TTL_SECONDS: { default: '2592000', setBy: 'operator', doc: 'a visitor session lasts this long after it last bought a ticket (30 days)' },
  CONNECT_TICKET_TTL_SECONDS: { default: '60', setBy: 'operator', doc: 'a connect ticket opens one socket within this time' },
  TRACING: {
    default: 'false',
    setBy: 'operator',
    doc: 'at deploy (package time): `true` turns on X-Ray active tracing for every function and bundles the Powertools tracer (docs/operations.md, *Tracing*)',
  },
  CUSTOMER_SECRETS: { unset: '(none)', setBy: 'operator', doc: "JSON: per seller or team id, the secret its shop signs logged-in customers' ids with (16 characters or more)" },
  DEVICE_SESSIONS_OFF: { unset: '(none)', setBy: 'operator', doc: 'seller or team ids (comma-separated, `*` for all) whose chats device sessions may not start' },
  WIDGET_ORIGINS: { unset: '(none)', setBy: 'operator', doc: 'JSON: per seller or team id, the origins allowed to embed its widget' },
  LOG_LEVEL: { default: 'info', setBy: 'operator', doc: '`debug`, `info`, `warn`, `error`' },
  SELLER_TOKEN_VERIFIER: { default: 'hs256', setBy: 'operator', doc: '`jwks` verifies seller tokens against `JWKS_URL` with `JWT_ISSUER` and `JWT_AUDIENCE`' },
  JWKS_URL: { unset: '(none)', setBy: 'operator', doc: "the identity provider's key set, for `SELLER_TOKEN_VERIFIER=jwks`" },
  JWT_ISSUER: { unset: '(none)', setBy: 'operator', doc: 'the `iss` seller tokens must carry, for `jwks`' },
  JWT_AUDIENCE: { unset: '(none)', setBy: 'operator', doc: 'the `aud` seller tokens must carry, for `jwks`' },
  SELLER_ID_CLAIM: { default: 'sub', setBy: 'operator', doc: "the claim naming the seller in an identity provider's token" },
  SELLER_TEAMS_CLAIM: { default: 'cognito:groups', setBy: 'operator', doc: "the claim listing the seller's teams in an identity provider's token" },
  SELLER_TOKEN_SECRET: { unset: '(local: from `DATA_DIR`)', setBy: 'local runner', doc: 'signing secret; in the deploy it is read from SSM instead' },
  STAGE: { default: 'local', setBy: 'deploy', doc: 'the stage, in metric dimensions and default names' },
  CHATS_TABLE: { setBy: 'deploy', doc: 'the chats table (lines, ended chats, notes)' },
  MESSAGES_TABLE: { setBy: 'deploy', doc: 'the messages table' },
  ROUTING_TABLE: { setBy: 'deploy', doc: 'the routing table (visitors, sellers, targets, buckets)' },
  KNOWLEDGE_TABLE: { unset: '`seller-chat-<STAGE>-knowledge`', setBy: 'deploy', doc: "the knowledge table (each target's documents, passages and knowledge version)" },
  AFTER_CONNECT_FUNCTION: { unset: '`seller-chat-<STAGE>-afterConnect`', setBy: 'deploy', doc: 'the afterConnect Lambda that $connect invokes' },
  TOKEN_SECRET_PARAMETER: { unset: '(none)', setBy: 'deploy', doc: 'the SSM parameter holding the token secret' },
  WEBSOCKET_API_ENDPOINT: { unset: '(none)', setBy: 'deploy', doc: 'the management endpoint, which the HTTP fallback needs too' },
  AWS_REGION: { default: 'us-east-1', setBy: 'deploy', doc: "the Lambda runtime's region" },
  IS_OFFLINE: { unset: '(unset on AWS)', setBy: 'local runner', doc: "serverless-offline's flag: management API and Lambda endpoints on loopback" },
  DYNAMODB_ENDPOINT: { unset: "(AWS's)", setBy: 'local runner', doc: 'the local DynamoDB' },
  AFTER_CONNECT_FAILURES_DIR: {
    unset: '(none)',
    setBy: 'local runner',
    doc: "local mode: where failed afterConnect events are kept (AWS uses the function's on-failure destination)",
  },
  AFTER_CONNECT_FAULT_FILE: { unset: '(none)', setBy: 'local runner', doc: 'tests only: a file whose presence makes afterConnect fail' },
  CHAT_TRACE: { unset: '(off)', setBy: 'local runner', doc: "`1`: the handlers log each invocation's requests for `npm run bench`" },
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

/** The afterConnect function's name in `stage`, as serverless.yml names it. */
export const afterConnectFunctionName = (stage: string): string => `${SERVICE}-${stage}-afterConnect`;

/** The knowledge table's name in `stage`, as resources/tables.yml names it. */
export const knowledgeTableName = (stage: string): string => `${SERVICE}-${stage}-knowledge`;
