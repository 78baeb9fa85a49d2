/** The HTTP routes as docs/openapi.yaml documents them and as serverless.yml routes them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { CONVERSATION_ROUTES } from '../../lib/protocol/conversation-routes';

const ROOT = path.resolve(__dirname, '..', '..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses?: Record<string, unknown> } | unknown>>;
}

export function openApiDocument(): OpenApiDocument {
  return load(readFileSync(path.join(ROOT, 'docs', 'openapi.yaml'), 'utf8')) as OpenApiDocument;
}

/** `METHOD /path` of every documented operation. */
export function documentedRoutes(document = openApiDocument()): string[] {
  return Object.entries(document.paths).flatMap(([route, item]) =>
    Object.keys(item)
      .filter((key) => (METHODS as readonly string[]).includes(key))
      .map((method) => `${method.toUpperCase()} ${route}`),
  );
}

/** `METHOD /path` of the conversation API: its streaming function routes them itself, behind its own URL. */
export function streamedRoutes(): string[] {
  return Object.values(CONVERSATION_ROUTES).map((route) => `${route.method} ${route.path}`);
}

/** `METHOD /path` of every httpApi event in serverless.yml, and of the streaming function behind its Function URL. */
export function servedRoutes(): string[] {
  const template = load(readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8')) as {
    functions: Record<string, { handler: string; url?: { invokeMode?: string }; events?: { httpApi?: { method: string; path: string } }[] }>;
  };
  const viaHttpApi = Object.values(template.functions).flatMap((fn) =>
    (fn.events ?? []).flatMap((event) => (event.httpApi ? [`${event.httpApi.method.toUpperCase()} ${event.httpApi.path}`] : [])),
  );
  const streaming = Object.values(template.functions).filter((fn) => fn.url?.invokeMode === 'RESPONSE_STREAM');
  if (streaming.map((fn) => fn.handler).join() !== 'handlers/conversations.handler') throw new Error('the conversation API should be the one streaming function');
  return [...viaHttpApi, ...streamedRoutes()];
}
