/**
 * `npm run knowledge -- import <folder> --target <sellerOrTeamId> [--stage local]`: puts every
 * Markdown, text and HTML file of a folder into a target's knowledge base on the local DynamoDB
 * (`npm start`'s, on DYNAMODB_PORT), through the same use case and store as PUT /v1/knowledge/{docId}.
 * A file's docId is its name without the extension, its title its first `# heading` (or its name).
 * `npm start` imports knowledge/demo for the demo shop's seller this way on its first run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putDocument, type KnowledgeLimits } from '../lib/knowledge/documents';
import { knowledgeTableName, readSetting } from '../lib/platform/settings';
import { ID_PATTERN } from '../lib/protocol/ids';
import { PutKnowledgeBody, type KnowledgeFormat } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { knowledgeStore, type KnowledgeStore } from '../lib/store/knowledge-store';
import { localDynamoClient, REPO_ROOT } from './local-dynamodb';

const USAGE = 'usage: npm run knowledge -- import <folder> --target <sellerOrTeamId> [--stage <stage>]';

/** The demo shop's knowledge, which `npm start` gives its seller on the first run. */
export const DEMO_KNOWLEDGE_DIR = path.join(REPO_ROOT, 'knowledge', 'demo');

const FORMATS: Record<string, KnowledgeFormat> = { '.md': 'markdown', '.markdown': 'markdown', '.txt': 'text', '.html': 'html', '.htm': 'html' };

class UsageError extends Error {}

export function knowledgeLimits(env: NodeJS.ProcessEnv = process.env): KnowledgeLimits {
  return { maxDocBytes: Number(readSetting('KNOWLEDGE_MAX_DOC_BYTES', env)), maxDocs: Number(readSetting('KNOWLEDGE_MAX_DOCS', env)) };
}

/** The local stack's knowledge store: `endpoint` is its DynamoDB. */
export function localKnowledgeStore(endpoint: string, stage: string): { store: KnowledgeStore; close(): void } {
  const client = localDynamoClient(endpoint);
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { store: knowledgeStore(db, knowledgeTableName(stage)), close: () => client.destroy() };
}

/** A document of a file: docId from its name, title from its first heading (Markdown) or `<title>`/`<h1>` (HTML). */
export function documentOfFile(file: string, text: string): { docId: string; title: string; format: KnowledgeFormat } | undefined {
  const extension = path.extname(file).toLowerCase();
  const format = FORMATS[extension];
  if (!format) return undefined;
  const docId = path
    .basename(file, path.extname(file))
    .replace(/[^A-Za-z0-9._:@-]+/g, '-')
    .slice(0, 128);
  if (!ID_PATTERN.test(docId)) return undefined;
  const heading = format === 'markdown' ? /^#[ \t]+(.+?)[ \t#]*$/m.exec(text)?.[1] : format === 'html' ? /<(?:title|h1)\b[^>]*>([^<]+)</i.exec(text)?.[1] : undefined;
  return { docId, title: (heading ?? docId).trim().slice(0, 200), format };
}

/** Puts every file of `folder` that names a format into `target`'s knowledge; returns the docIds put. */
export async function importFolder(store: KnowledgeStore, folder: string, target: string, limits: KnowledgeLimits): Promise<string[]> {
  const imported: string[] = [];
  // the target acts on its own knowledge, as its seller would over HTTP
  const seller = { role: 'seller' as const, sellerId: target, teams: [] };
  for (const name of readdirSync(folder).sort()) {
    const text = readFileSync(path.join(folder, name), 'utf8');
    const document = documentOfFile(name, text);
    if (!document) continue;
    const body = parseWith(PutKnowledgeBody, { title: document.title, text, format: document.format });
    await putDocument({ store, limits }, seller, document.docId, { target }, body);
    imported.push(document.docId);
  }
  return imported;
}

/** `npm start`'s first run: the demo knowledge for `target`, unless it already holds documents. */
export async function importDemoKnowledge(endpoint: string, stage: string, target: string): Promise<string[]> {
  const local = localKnowledgeStore(endpoint, stage);
  try {
    if ((await local.store.listDocuments(target)).length) return [];
    return await importFolder(local.store, DEMO_KNOWLEDGE_DIR, target, knowledgeLimits());
  } finally {
    local.close();
  }
}

function parseArgs(args: string[]): { folder: string; target: string; stage: string } {
  const [command, ...rest] = args;
  if (command !== 'import') throw new UsageError(command ? `unknown command "${command}"` : 'no command');
  let target: string | undefined;
  let stage = readSetting('STAGE') as string;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === '--target') target = rest[++i];
    else if (arg === '--stage') stage = rest[++i] ?? stage;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError('name one folder');
  if (!target || !ID_PATTERN.test(target)) throw new UsageError('--target needs a seller or team id');
  return { folder: path.resolve(positional[0] as string), target, stage };
}

async function main(): Promise<void> {
  const { folder, target, stage } = parseArgs(process.argv.slice(2));
  const endpoint = `http://127.0.0.1:${readSetting('DYNAMODB_PORT')}`;
  const local = localKnowledgeStore(endpoint, stage);
  try {
    const imported = await importFolder(local.store, folder, target, knowledgeLimits());
    console.log(`imported ${imported.length} documents into ${target}'s knowledge: ${imported.join(', ') || '(none: no .md, .txt or .html files)'}`);
  } finally {
    local.close();
  }
}

if (require.main === module) {
  // the SDK's notice about Node 20 is noise for a one-shot script
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main().catch((error: unknown) => {
    console.error(error instanceof UsageError ? `${error.message}\n${USAGE}` : error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
