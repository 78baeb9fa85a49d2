/** The HTTP routes as docs/openapi.yaml documents them and as serverless.yml routes them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';

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

/** `METHOD /path` of every httpApi event in serverless.yml. */
export function servedRoutes(): string[] {
  const template = load(readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8')) as {
    functions: Record<string, { events?: { httpApi?: { method: string; path: string } }[] }>;
  };
  return Object.values(template.functions).flatMap((fn) =>
    (fn.events ?? []).flatMap((event) => (event.httpApi ? [`${event.httpApi.method.toUpperCase()} ${event.httpApi.path}`] : [])),
  );
}
