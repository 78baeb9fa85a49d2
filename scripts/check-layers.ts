/**
 * `npm run check:layers` (also `check:cycles`): the layer order of the backend and the pages, checked.
 * Every import, type imports included, must stay in its own folder or go down the order below, and
 * no modules may import each other in a circle. Folders on one floor are siblings: they never
 * import each other.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

/** One stack of floors, lowest first; what a floor holds is said once, here. */
interface Floor {
  dirs: string[];
  holds: string;
}

/** The backend: shared values at the bottom, the Lambda handlers on top. */
export const BACKEND_FLOORS: Floor[] = [
  { dirs: ['lib/platform'], holds: 'errors, logger, metrics, tracing, the settings registry: no domain words' },
  { dirs: ['lib/protocol'], holds: 'the wire: ids, enums, inbound schemas, outbound frames, views' },
  { dirs: ['lib/model'], holds: 'domain values: identities, the chat, its parties' },
  { dirs: ['lib/access'], holds: 'who may connect and call: tokens, tickets, origins, rate-limit policies' },
  { dirs: ['lib/store'], holds: 'DynamoDB stores, one per kind of item' },
  { dirs: ['lib/knowledge'], holds: "a target's documents as passages, and retrieval over them" },
  { dirs: ['lib/answering'], holds: 'answer engines: extractive, Bedrock, OpenAI-compatible; the prompt' },
  { dirs: ['lib/routing'], holds: 'routing policy: choosing a seller, target rules, the service status' },
  { dirs: ['lib/realtime'], holds: 'pushing frames to connections, registering connections' },
  { dirs: ['lib/chat'], holds: 'use cases: the chat lifecycle, starting, sending, history, receipts' },
  { dirs: ['lib/assistant'], holds: "the shop's assistant in a chat: answering a waiting chat, handing it to a person" },
  { dirs: ['lib/jobs'], holds: 'scheduled and connection jobs: sweeps, presence, afterConnect' },
  { dirs: ['lib/wiring'], holds: 'the composition root: configuration, AWS clients, stores and use cases built once' },
  { dirs: ['lib/lambda-adapters'], holds: 'Lambda handler adapters: parse the event, map results and errors' },
  { dirs: ['handlers'], holds: 'one entry file per route' },
];

/** The pages: the wire types they share with the backend, their own shared code, then each page. */
export const WEB_FLOORS: Floor[] = [
  { dirs: ['lib/protocol'], holds: 'the wire types (type imports only reach the bundles)' },
  { dirs: ['web/shared'], holds: 'DOM, HTTP, socket, timers and effect recording both pages use' },
  { dirs: ['web/widget', 'web/dashboard'], holds: 'each page; neither imports the other' },
];

const STACKS = [BACKEND_FLOORS, WEB_FLOORS];
const SOURCE_DIRS = ['lib', 'handlers', 'web'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every relative import and re-export of `text`, type-only ones included, as paths relative to ROOT. */
export function importsOf(file: string, text: string, exists: (candidate: string) => boolean): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(node) || (ts.isExportDeclaration(node) && node.moduleSpecifier)) specifier = node.moduleSpecifier;
    // import('./x').Type in a type position counts too
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) specifier = node.argument.literal;
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) found.push(specifier.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found
    .map((spec) => {
      const base = path.posix.join(path.posix.dirname(file), spec);
      return [`${base}.ts`, `${base}/index.ts`].find(exists);
    })
    .filter((target): target is string => target !== undefined);
}

/** The folder of a module as the floors name it (`lib/chat`, `handlers`, `web/widget`). */
export function folderOf(file: string): string {
  const parts = file.split('/');
  return parts[0] === 'handlers' ? 'handlers' : parts.slice(0, 2).join('/');
}

/** Why `from` may not import `to`, or undefined when the import goes down (or stays in its folder). */
export function layerViolation(from: string, to: string): string | undefined {
  const source = folderOf(from);
  const target = folderOf(to);
  if (source === target) return undefined;
  if (target.endsWith('.json') || to.endsWith('.json')) return undefined;
  // lib/protocol sits in both stacks; its own imports are the backend's
  const stack = STACKS.find((floors) => floors.some((floor) => floor.dirs.includes(source)));
  if (!stack) return `${source} is in no floor of the layer order`;
  const floorOf = (dir: string) => stack.findIndex((floor) => floor.dirs.includes(dir));
  const here = floorOf(source);
  const there = floorOf(target);
  if (there === -1) return `${source} may not import ${target}, which is outside its stack`;
  if (there === here) return `${source} and ${target} are siblings on one floor`;
  if (there > here) return `${source} imports ${target}, which sits above it`;
  return undefined;
}

/** The import cycles of `graph` (each as the modules around the circle), by Tarjan's strongly connected components. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.reverse());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** Every violation among `sources` (path relative to ROOT -> text): imports that go up or sideways, and circles. */
export function checkLayers(sources: Map<string, string>): string[] {
  const exists = (candidate: string) =>
    sources.has(candidate) || (!candidate.startsWith('lib/') && !candidate.startsWith('web/') && !candidate.startsWith('handlers/') && existsSync(path.join(ROOT, candidate)));
  const graph = new Map<string, string[]>();
  const violations: string[] = [];
  for (const [file, text] of sources) {
    const imports = importsOf(file, text, exists);
    graph.set(file, imports);
    for (const target of imports) {
      const why = layerViolation(file, target);
      if (why) violations.push(`${file} -> ${target}: ${why}`);
    }
  }
  for (const cycle of findCycles(graph)) violations.push(`import cycle: ${cycle.join(' -> ')}`);
  return violations;
}

/** The sources of lib/, handlers/ and web/ as they are on disk. */
export function projectSources(): Map<string, string> {
  const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir)));
  return new Map(files.map((file) => [path.relative(ROOT, file).split(path.sep).join('/'), readFileSync(file, 'utf8')]));
}

if (require.main === module) {
  const sources = projectSources();
  const violations = checkLayers(sources);
  for (const [name, floors] of [
    ['backend', BACKEND_FLOORS],
    ['pages', WEB_FLOORS],
  ] as const) {
    console.log(`${name}, top floor first:`);
    for (const floor of [...floors].reverse()) console.log(`  ${floor.dirs.join(' | ').padEnd(28)} ${floor.holds}`);
  }
  for (const violation of violations) console.error(violation);
  console.log(`${violations.length} violations among ${sources.size} modules (type imports included)`);
  if (violations.length) process.exit(1);
}
