/**
 * `npm run docs:protocol`: writes docs/protocol.md from the zod schemas, so the schemas stay the one
 * source of the frames' and bodies' fields (a unit test fails when the file is out of date).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import {
  InitChatFrame,
  SendMessageBody,
  SendMessageFrame,
  ListContactsQuery,
  ListMessagesQuery,
  PageQuery,
  PingFrame,
  PresenceFrame,
  ReadFrame,
  ResumeFrame,
  TransferBody,
  CreateAttachmentBody,
  ConnectTicketBody,
  TypingFrame,
  LeaveEmailFrame,
  UpdateContactBody,
  RequestHumanFrame,
  SuggestReplyFrame,
  PutKnowledgeBody,
  KnowledgeQuery,
  NoteBody,
  LabelsBody,
  RatingBody,
  SavedReplyBody,
  SavedReplyQuery,
  VisitorContext,
  VisitorContextFrame,
} from '../lib/protocol/inbound';

export const DOC_FILE = path.resolve(__dirname, '..', 'docs', 'protocol.md');

const SECTIONS: { title: string; schemas: [string, z.core.$ZodType][] }[] = [
  {
    title: 'WebSocket frames the client sends',
    schemas: [
      ['InitChat', InitChatFrame],
      ['sendMessage', SendMessageFrame],
      ['typing', TypingFrame],
      ['read', ReadFrame],
      ['leaveEmail', LeaveEmailFrame],
      ['presence', PresenceFrame],
      ['resume', ResumeFrame],
      ['ping', PingFrame],
      ['requestHuman', RequestHumanFrame],
      ['suggestReply', SuggestReplyFrame],
      ['visitorContext', VisitorContextFrame],
      ['`context` (in InitChat and visitorContext)', VisitorContext],
    ],
  },
  {
    title: 'HTTP bodies and queries',
    schemas: [
      ['POST /sendmessage body', SendMessageBody],
      ['PATCH /v1/contacts/{id} body', UpdateContactBody],
      ['POST /v1/contacts/{id}/transfer body', TransferBody],
      ['POST /v1/contacts/{id}/attachments body', CreateAttachmentBody],
      ['POST /v1/connect-tickets body', ConnectTicketBody],
      ['GET /v1/contacts query', ListContactsQuery],
      ['GET /v1/contacts/{id}/messages query', ListMessagesQuery],
      ['GET /v1/visitors/{deviceId}/contacts query', PageQuery],
      ['PUT /v1/knowledge/{docId} body', PutKnowledgeBody],
      ['/v1/knowledge and /v1/knowledge/{docId} query (every method)', KnowledgeQuery],
      ['POST /v1/contacts/{id}/notes body', NoteBody],
      ['PUT /v1/contacts/{id}/labels body', LabelsBody],
      ['POST /v1/contacts/{id}/rating body', RatingBody],
      ['PUT /v1/saved-replies/{id} body', SavedReplyBody],
      ['DELETE /v1/saved-replies/{id} query', SavedReplyQuery],
    ],
  },
];

type JsonSchema = {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
};

function describe(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' \\| ');
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map(describe).join(' or ');
  if (!schema.type) return 'any';
  const limits: string[] = [];
  if (schema.minLength !== undefined) limits.push(`≥ ${schema.minLength} chars`);
  if (schema.maxLength !== undefined) limits.push(`≤ ${schema.maxLength} chars`);
  if (schema.minimum !== undefined && schema.minimum !== 0) limits.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) limits.push(`≤ ${schema.maximum}`);
  if (schema.maxItems !== undefined) limits.push(`≤ ${schema.maxItems} items`);
  const type = schema.type === 'array' && schema.items ? `array of ${describe(schema.items)}` : schema.type;
  return limits.length ? `${type} (${limits.join(', ')})` : type;
}

function table(name: string, schema: z.core.$ZodType): string {
  // `input`: what a client sends, before our transforms (numeric ids become strings, and so on)
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const required = new Set(json.required ?? []);
  const rows = Object.entries(json.properties ?? {}).map(([field, property]) => `| \`${field}\` | ${describe(property)} | ${required.has(field) ? 'yes' : ''} |`);
  return [`### ${name}`, '', '| field | type | required |', '|---|---|---|', ...rows].join('\n');
}

/** The seller tools' pushed frame and answer fields: built in lib/protocol/outbound.ts and views.ts, which have no schemas to render. */
const SELLER_TOOL_FRAMES = `## Fields the seller tools add to what the server sends

### privateNote frame (to the chat's sellers only; never to a visitor)

| field | type |
|---|---|
| \`action\` | \`"privateNote"\` |
| \`contact_id\` | string |
| \`note.id\` | string |
| \`note.afterSeq\` | number: the note sits after the message with this seq (0: before the first) |
| \`note.authorRole\` | \`"seller"\` \\| \`"system"\` |
| \`note.from\` | string: the writing seller's id, or the part of the service that wrote it |
| \`note.kind\` | \`"note"\` \\| \`"transfer"\` \\| \`"handoff"\` |
| \`note.text\` | string |
| \`note.timestamp\` | ISO time |

### Contacts and history pages

| field | where | type |
|---|---|---|
| \`labels\` | a contact (sellers only) | string[]: the chat's labels; \`tags\` is the older name of the same list |
| \`rating\` | a contact, once rated | \`{score: 1-5, comment?, ratedAt}\` |
| \`notes\` | \`GET /v1/contacts/{id}\` and \`/messages\` (sellers only) | the \`note\` objects above |
| \`ratings\` | \`GET /v1/status\` | per queue \`{target, days: 7, count, average}\` (\`average\` null when nobody rated) |`;

export function renderProtocolDoc(): string {
  const parts = [
    '# Protocol fields',
    '',
    'Generated from the zod schemas in `lib/protocol/inbound.ts` by `npm run docs:protocol`;',
    'do not edit by hand. Unknown fields are ignored; a wrong type or a missing required field is refused',
    'with `BAD_REQUEST` naming the field. ids (seller, team, device) are 1-128 of `A-Z a-z 0-9 . _ : @ -`.',
  ];
  for (const section of SECTIONS) {
    parts.push('', `## ${section.title}`);
    for (const [name, schema] of section.schemas) parts.push('', table(name, schema));
  }
  parts.push('', SELLER_TOOL_FRAMES);
  return `${parts.join('\n')}\n`;
}

if (require.main === module) {
  writeFileSync(DOC_FILE, renderProtocolDoc());
  console.log(`wrote ${path.relative(process.cwd(), DOC_FILE)}`);
}
