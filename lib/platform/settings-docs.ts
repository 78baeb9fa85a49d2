/**
 * What each setting of lib/platform/settings.ts means, for the README's configuration tables
 * (scripts/readme-doc.ts). Kept apart so that the Lambda bundles, which read the settings, do not
 * carry this prose; the type makes a setting without its text a compile error.
 */
import type { SettingName } from './settings';

export interface SettingDoc {
  /** Who sets it: a person running or deploying the service, `serverless.yml` at deploy, or the local runner for its children. */
  setBy: 'operator' | 'deploy' | 'local runner';
  /** How the README shows an absent default, e.g. "(off)". */
  unset?: string;
  doc: string;
}

export const SETTING_DOCS: Record<SettingName, SettingDoc> = {
  DATA_DIR: { setBy: 'operator', doc: 'local data: the DynamoDB files, `token-secret` and `logs/`' },
  HTTP_PORT: { setBy: 'operator', doc: 'local HTTP API port' },
  WS_PORT: { setBy: 'operator', doc: 'local WebSocket API port (the management API answers on it too)' },
  LAMBDA_PORT: { setBy: 'operator', doc: "local Lambda invoke port (serverless-offline's)" },
  DYNAMODB_PORT: { setBy: 'operator', doc: 'local DynamoDB port' },
  S3_PORT: { setBy: 'operator', doc: 'local S3 (the attachments bucket; its files are under `DATA_DIR/s3`)' },
  WEB_PORT: { setBy: 'operator', doc: 'local web server: the demo shop and the dashboard' },
  STREAM_PORT: { setBy: 'operator', doc: 'local mode: the conversation API (`/v1/chat/conversations`, Server-Sent Events), served by `scripts/stream-server.ts`' },
  DDB_ENGINE: { setBy: 'operator', doc: "`dynalite` (embedded, pure Node) or `dynamodb-local` (AWS's DynamoDB Local, needs Java 17)" },
  SWEEP_INTERVAL_SECONDS: { setBy: 'operator', doc: 'local mode: how often `npm start` runs the sweep (AWS runs it every minute)' },
  MAX_MESSAGE_LENGTH: { setBy: 'operator', doc: 'characters per chat message' },
  MAX_FRAME_BYTES: { setBy: 'operator', doc: 'bytes per WebSocket frame' },
  MAX_USER_INFO_BYTES: { setBy: 'operator', doc: 'bytes of `userInfo` as JSON' },
  MAX_USER_INFO_DEPTH: { setBy: 'operator', doc: 'nesting levels of `userInfo`' },
  MAX_CHATS_PER_SELLER: { setBy: 'operator', doc: "default capacity; a token's `maxChats` overrides it" },
  MAX_OPEN_CHATS_PER_VISITOR: { setBy: 'operator', doc: 'open chats one visitor may hold' },
  MAX_CONNECTIONS_PER_IDENTITY: { setBy: 'operator', doc: 'sockets one visitor or seller may hold' },
  RATE_LIMIT_VISITOR_MESSAGES: { setBy: 'operator', doc: "a visitor's message bucket, `BURST/PER_SECOND`" },
  RATE_LIMIT_SELLER_MESSAGES: { setBy: 'operator', doc: "a seller's message bucket, `BURST/PER_SECOND`" },
  RATE_LIMIT_INIT_CHAT: { setBy: 'operator', doc: 'chat starts per visitor' },
  RATE_LIMIT_SOURCE_IP: { setBy: 'operator', doc: 'REST fallback requests per source address' },
  RATE_LIMIT_CHAT_STARTS_PER_ADDRESS: { setBy: 'operator', doc: 'chats started per source address (InitChat, and REST bodies without a credential)' },
  RATE_LIMIT_NEW_VISITORS: { setBy: 'operator', doc: 'new visitor sessions (`POST /v1/connect-tickets` without a credential) per source address' },
  RATE_LIMIT_TYPING: { setBy: 'operator', doc: '`typing` frames per visitor or seller' },
  RATE_LIMIT_RESUME: { setBy: 'operator', doc: '`resume` frames per visitor or seller (each replays a chat)' },
  RATE_LIMIT_ATTACHMENTS: { setBy: 'operator', doc: 'upload forms (`POST /v1/contacts/{id}/attachments`) per visitor or seller' },
  RATE_LIMIT_LEAVE_EMAIL: { setBy: 'operator', doc: '`leaveEmail` frames per visitor (each writes the chat)' },
  RATE_LIMIT_CONVERSATION_CALLER: { setBy: 'operator', doc: 'conversation API requests per visitor (or seller), all four routes together' },
  RATE_LIMIT_CONVERSATION_TARGET: { setBy: 'operator', doc: 'conversation API requests about one seller or team, from all its visitors together' },
  SSE_HEARTBEAT_SECONDS: { setBy: 'operator', doc: "an answer's event stream sends a comment line after this many silent seconds" },
  CONVERSATION_RESUME_WAIT_SECONDS: { setBy: 'operator', doc: 'a stream resumed with `Last-Event-ID` waits this long for an answer still being written' },
  RATE_LIMIT_VISITOR_CONTEXT: {
    setBy: 'operator',
    doc: "`visitorContext` frames per visitor (each writes the visitor's item and tells the seller): page changes past it are refused",
  },
  ASSISTANT: {
    setBy: 'operator',
    unset: '(off)',
    doc: 'JSON: per seller or team id (`*` for the rest): `"first"` gives every new chat to the shop\'s assistant, and to a person when the visitor asks or it cannot answer; `"waiting"` lets it answer a chat only while the chat waits in its queue; `"off"` (the default) never',
  },
  ASSISTANT_ANSWERS_PER_MINUTE: {
    setBy: 'operator',
    doc: "answers (and suggested replies) the shop's assistant writes per target per minute; past it the chat goes to a person (`assistant-unavailable`). A number, or JSON per seller or team id",
  },
  ASSISTANT_TOKENS_PER_DAY: {
    setBy: 'operator',
    doc: "model tokens (input and output) the shop's assistant spends per target per UTC day; past it the chat goes to a person. A number, or JSON per seller or team id",
  },
  ASSISTANT_FUNCTION: {
    setBy: 'deploy',
    unset: '`seller-chat-<STAGE>-assistantAnswer`',
    doc: "the Lambda that writes the assistant's answers, invoked asynchronously by sendMessage",
  },
  RATE_LIMIT_EXEMPT_ADDRESSES: { setBy: 'operator', unset: '(none)', doc: "comma-separated source addresses the per-address buckets skip (a shop's own server, a load test)" },
  MAX_ATTACHMENT_BYTES: { setBy: 'operator', doc: 'bytes of one attachment (images and PDFs); the upload form refuses a bigger file' },
  ATTACHMENT_UPLOAD_SECONDS: { setBy: 'operator', doc: 'how long an issued upload form stays valid' },
  ATTACHMENT_LINK_SECONDS: { setBy: 'operator', doc: "how long an attachment's download link in a frame or history page stays valid" },
  ATTACHMENT_ORIGINS: {
    setBy: 'operator',
    doc: "at deploy (and for the local bucket): the origins the attachments bucket's CORS lets upload and read, comma-separated: the widget's pages and the dashboard",
  },
  KNOWLEDGE_MAX_DOC_BYTES: { setBy: 'operator', doc: "bytes of one knowledge document's text (UTF-8); a bigger one is refused with 413" },
  KNOWLEDGE_BASES: {
    setBy: 'operator',
    unset: '(none)',
    doc: 'JSON: per seller or team id, a Bedrock Knowledge Base whose documents (metadata `target` = that id; `docId`, `title`, `url` for citations) answer its chats instead of the knowledge table, through `Retrieve` with a filter on the target',
  },
  KNOWLEDGE_MAX_DOCS: { setBy: 'operator', doc: 'knowledge documents one seller or team may hold' },
  PRESENCE_GRACE_SECONDS: { setBy: 'operator', doc: 'how long an away or offline seller keeps its chats' },
  FIRST_RESPONSE_SECONDS: {
    setBy: 'operator',
    unset: '(off)',
    doc: 'JSON: per seller or team id (`*` for the rest), seconds an assigned chat waits for its seller\'s first reply before it is offered to another seller: `{"sales": 120}`',
  },
  BUSINESS_HOURS: {
    setBy: 'operator',
    unset: '(always open)',
    doc: 'JSON: per seller or team id, weekly hours in a time zone: `{"sales": {"timeZone": "Europe/Berlin", "hours": {"mon-fri": "09:00-12:00,13:00-17:00", "sat": "10:00-13:00"}}}`',
  },
  AUTO_REPLIES: {
    setBy: 'operator',
    unset: '(built-in texts)',
    doc: 'JSON: per seller or team id, what a waiting visitor is told when nobody is online or the target is closed: `{"sales": {"offline": "…", "closed": "…"}}`',
  },
  DEFAULT_PAGE_SIZE: { setBy: 'operator', doc: 'page of the history API when the request names none' },
  MAX_PAGE_SIZE: { setBy: 'operator', doc: 'largest page of the history API' },
  ASSIGNMENT_STRATEGY: { setBy: 'operator', doc: '`least-active` or `round-robin`' },
  CONNECTION_TTL_SECONDS: { setBy: 'operator', doc: 'TTL of connection rows' },
  VISITOR_TOKEN_TTL_SECONDS: { setBy: 'operator', doc: 'lifetime of a visitorToken (30 days)' },
  VISITOR_SESSION_TTL_SECONDS: { setBy: 'operator', doc: 'a visitor session lasts this long after it last bought a ticket (30 days)' },
  CONNECT_TICKET_TTL_SECONDS: { setBy: 'operator', doc: 'a connect ticket opens one socket within this time' },
  TRACING: {
    setBy: 'operator',
    doc: 'at deploy (package time): `true` turns on X-Ray active tracing for every function and bundles the Powertools tracer (docs/operations.md, *Tracing*)',
  },
  CUSTOMER_SECRETS: { setBy: 'operator', unset: '(none)', doc: "JSON: per seller or team id, the secret its shop signs logged-in customers' ids with (16 characters or more)" },
  DEVICE_SESSIONS_OFF: { setBy: 'operator', unset: '(none)', doc: 'seller or team ids (comma-separated, `*` for all) whose chats device sessions may not start' },
  WIDGET_ORIGINS: { setBy: 'operator', unset: '(none)', doc: 'JSON: per seller or team id, the origins allowed to embed its widget' },
  LOG_LEVEL: { setBy: 'operator', doc: '`debug`, `info`, `warn`, `error`' },
  SELLER_TOKEN_VERIFIER: { setBy: 'operator', doc: '`jwks` verifies seller tokens against `JWKS_URL` with `JWT_ISSUER` and `JWT_AUDIENCE`' },
  JWKS_URL: { setBy: 'operator', unset: '(none)', doc: "the identity provider's key set, for `SELLER_TOKEN_VERIFIER=jwks`" },
  JWT_ISSUER: { setBy: 'operator', unset: '(none)', doc: 'the `iss` seller tokens must carry, for `jwks`' },
  JWT_AUDIENCE: { setBy: 'operator', unset: '(none)', doc: 'the `aud` seller tokens must carry, for `jwks`' },
  SELLER_ID_CLAIM: { setBy: 'operator', doc: "the claim naming the seller in an identity provider's token" },
  SELLER_TEAMS_CLAIM: { setBy: 'operator', doc: "the claim listing the seller's teams in an identity provider's token" },
  ASSISTANT_ENGINE: {
    setBy: 'operator',
    doc: 'the shop assistant\'s answer engine: `extractive` (quotes the shop\'s documents, no model), `bedrock` or `openai-compatible`; or JSON per seller or team id like `ASSISTANT` (`{"shop-1": "bedrock", "*": "extractive"}`)',
  },
  BEDROCK_MODEL_ID: { setBy: 'operator', unset: '(none)', doc: 'the Bedrock model or inference profile id, for `ASSISTANT_ENGINE=bedrock`' },
  OPENAI_BASE_URL: {
    setBy: 'operator',
    unset: '(none)',
    doc: 'the OpenAI-compatible server, for `ASSISTANT_ENGINE=openai-compatible`: `http://127.0.0.1:11434/v1` (Ollama), `http://127.0.0.1:8000/v1` (vLLM)',
  },
  OPENAI_MODEL: { setBy: 'operator', unset: '(none)', doc: 'the model that server answers with, for `openai-compatible`' },
  OPENAI_API_KEY: { setBy: 'operator', unset: '(none)', doc: 'sent as a bearer token when set (a local Ollama or vLLM needs none)' },
  SELLER_TOKEN_SECRET: { setBy: 'local runner', unset: '(local: from `DATA_DIR`)', doc: 'signing secret; in the deploy it is read from SSM instead' },
  STAGE: { setBy: 'deploy', doc: 'the stage, in metric dimensions and default names' },
  CHATS_TABLE: { setBy: 'deploy', doc: 'the chats table (lines, ended chats, notes)' },
  MESSAGES_TABLE: { setBy: 'deploy', doc: 'the messages table' },
  ROUTING_TABLE: { setBy: 'deploy', doc: 'the routing table (visitors, sellers, targets, buckets)' },
  ATTACHMENTS_BUCKET: { setBy: 'deploy', unset: '`seller-chat-<STAGE>-attachments`', doc: 'the private bucket of chat attachments' },
  KNOWLEDGE_TABLE: { setBy: 'deploy', unset: '`seller-chat-<STAGE>-knowledge`', doc: "the knowledge table (each target's documents, passages and knowledge version)" },
  AFTER_CONNECT_FUNCTION: { setBy: 'deploy', unset: '`seller-chat-<STAGE>-afterConnect`', doc: 'the afterConnect Lambda that $connect invokes' },
  TOKEN_SECRET_PARAMETER: { setBy: 'deploy', unset: '(none)', doc: 'the SSM parameter holding the token secret' },
  WEBSOCKET_API_ENDPOINT: { setBy: 'deploy', unset: '(none)', doc: 'the management endpoint, which the HTTP fallback needs too' },
  AWS_REGION: { setBy: 'deploy', doc: "the Lambda runtime's region" },
  IS_OFFLINE: { setBy: 'local runner', unset: '(unset on AWS)', doc: "serverless-offline's flag: management API and Lambda endpoints on loopback" },
  DYNAMODB_ENDPOINT: { setBy: 'local runner', unset: "(AWS's)", doc: 'the local DynamoDB' },
  S3_ENDPOINT: { setBy: 'local runner', unset: "(AWS's)", doc: 'the local S3 (path-style addresses)' },
  LOCAL_MANAGEMENT_ENDPOINT: {
    setBy: 'local runner',
    unset: '(offline: `http://127.0.0.1:$WS_PORT`)',
    doc: "the management API the handlers post to locally, when it is not offline's own (the benchmark's latency proxy)",
  },
  AFTER_CONNECT_FAILURES_DIR: {
    setBy: 'local runner',
    unset: '(none)',
    doc: "local mode: where failed afterConnect events are kept (AWS uses the function's on-failure destination)",
  },
  AFTER_CONNECT_FAULT_FILE: { setBy: 'local runner', unset: '(none)', doc: 'tests only: a file whose presence makes afterConnect fail' },
  CHAT_TRACE: { setBy: 'local runner', unset: '(off)', doc: "`1`: the handlers log each invocation's requests for `npm run bench`" },
};
