/**
 * A counting HTTP proxy in front of the local DynamoDB: every request is tallied by its X-Amz-Target
 * operation, then forwarded unchanged except for ReturnConsumedCapacity, which it asks for (when the
 * caller did not) so the engine reports the request units it charged. Responses pass through byte for byte.
 *
 * The units are then corrected to what AWS bills, where the local engines differ:
 * - a conditional write refused with ConditionalCheckFailedException is billed on AWS (one write unit
 *   per KB of the existing item, at least 1); the engines report nothing for it;
 * - a GetItem, Query or BatchGetItem key that finds nothing is billed the minimum read (0.5 unit, 1 when
 *   strongly consistent); dynalite reports 0 for it.
 * Index writes are not added here: DynamoDB Local reports them, dynalite does not (see docs/benchmark.md).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { failedWriteUnits, itemBytes, minimumReadUnits, type AttributeValue } from './item-size';

export interface OpCount {
  requests: number;
  /** billed read / write request units: what the engine reported, plus the corrections above */
  readUnits: number;
  writeUnits: number;
  /** of those, what the engine itself reported */
  engineReadUnits: number;
  engineWriteUnits: number;
  /** conditional writes refused (ConditionalCheckFailedException) and the write units billed for them */
  conditionalFailures: number;
  failedWriteUnits: number;
  /** read units added to reach the minimum of reads that found nothing */
  minimumReadUnitsAdded: number;
}

export type Counts = Record<string, OpCount>;

export const emptyCount = (): OpCount => ({
  requests: 0,
  readUnits: 0,
  writeUnits: 0,
  engineReadUnits: 0,
  engineWriteUnits: 0,
  conditionalFailures: 0,
  failedWriteUnits: 0,
  minimumReadUnitsAdded: 0,
});

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const REPORTS_CAPACITY = new Set([...READS, ...WRITES, 'BatchWriteItem', 'TransactWriteItems']);

/** The kind of item a write names, from its key's `pk` prefix (`seller#`, `target#`, `rate#`, `L#`…). */
export function itemKindOf(input: Record<string, unknown>): string {
  const key = (input.Key ?? input.Item) as Record<string, { S?: string }> | undefined;
  const pk = key?.pk?.S ?? (key?.contactId?.S !== undefined ? 'message' : undefined);
  if (pk === undefined) return 'other';
  const match = /^([A-Za-z]+)(#|$)/.exec(pk);
  return match ? `${match[1]}${match[2]}` : pk;
}

export interface DynamoCounter {
  endpoint: string;
  snapshot(): Counts;
  /** Refused conditional writes so far, by the kind of item they named (itemKindOf). */
  conflicts(): Record<string, number>;
  /** Holds each request `delayOf(operation)` ms before forwarding it (the AWS latency model); undefined forwards at once. */
  setDelay(delayOf: ((operation: string) => number) | undefined): void;
  /** Resolves once no request has been in flight for `quietMs` (or after `maxMs`): the previous phase's async work is done. */
  waitIdle(quietMs?: number, maxMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** b - a, per operation; operations with no requests in between are left out. */
export function diffCounts(before: Counts, after: Counts): Counts {
  const out: Counts = {};
  for (const [op, b] of Object.entries(after)) {
    const a = before[op] ?? emptyCount();
    if (b.requests - a.requests <= 0) continue;
    const d = emptyCount();
    for (const key of Object.keys(d) as (keyof OpCount)[]) d[key] = b[key] - a[key];
    out[op] = d;
  }
  return out;
}

/** a + b, per operation. */
export function mergeCounts(a: Counts, b: Counts): Counts {
  const out = structuredClone(a);
  for (const [op, c] of Object.entries(b)) {
    const t = (out[op] ??= emptyCount());
    for (const key of Object.keys(t) as (keyof OpCount)[]) t[key] += c[key];
  }
  return out;
}

interface Capacity {
  TableName?: string;
  CapacityUnits?: number;
}

function capacityOf(body: string): Capacity[] {
  try {
    const capacity = (JSON.parse(body) as { ConsumedCapacity?: unknown }).ConsumedCapacity;
    return (Array.isArray(capacity) ? capacity : capacity ? [capacity] : []) as Capacity[];
  } catch {
    return [];
  }
}

const sum = (list: Capacity[]) => list.reduce((total, entry) => total + Number(entry.CapacityUnits ?? 0), 0);

/**
 * The least AWS bills a read request: per request for GetItem and Query, per requested key for
 * BatchGetItem (each key is a read of its own), per table. 0 for operations without a minimum here.
 */
export function readFloor(op: string, input: Record<string, unknown>): number {
  if (op === 'GetItem' || op === 'Query') return minimumReadUnits(input.ConsistentRead === true);
  if (op === 'BatchGetItem') {
    const items = (input.RequestItems ?? {}) as Record<string, { Keys?: unknown[]; ConsistentRead?: boolean }>;
    return Object.values(items).reduce((total, table) => total + minimumReadUnits(table.ConsistentRead === true, table.Keys?.length ?? 0), 0);
  }
  return 0;
}

/** Billed read units of a successful read: what the engine reported, raised to the minimum per table. */
export function billedReadUnits(op: string, input: Record<string, unknown>, reported: Capacity[]): number {
  if (op !== 'BatchGetItem') return Math.max(sum(reported), readFloor(op, input));
  const items = (input.RequestItems ?? {}) as Record<string, { Keys?: unknown[]; ConsistentRead?: boolean }>;
  let total = 0;
  const seen = new Set<string>();
  for (const [table, request] of Object.entries(items)) {
    seen.add(table);
    const engine = sum(reported.filter((entry) => entry.TableName === table));
    total += Math.max(engine, minimumReadUnits(request.ConsistentRead === true, request.Keys?.length ?? 0));
  }
  // capacity an engine reported without a table name, or for a table not asked for
  total += sum(reported.filter((entry) => !entry.TableName || !seen.has(entry.TableName)));
  return total;
}

export async function startDynamoCounter(upstream: string): Promise<DynamoCounter> {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const counts: Counts = {};
  const conflictsByKind: Record<string, number> = {};
  const keySchemas = new Map<string, Promise<string[]>>();
  let inFlight = 0;
  let lastActivity = Date.now();
  let delayOf: ((operation: string) => number) | undefined;

  /** One request straight to the engine (not counted: it is the proxy's own bookkeeping). */
  const direct = (op: string, input: unknown, like: http.IncomingHttpHeaders) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const body = Buffer.from(JSON.stringify(input));
      const headers = { ...like, host: target.host, 'x-amz-target': `DynamoDB_20120810.${op}`, 'content-length': String(body.length) };
      const request = http.request({ host: target.hostname, port: target.port, method: 'POST', path: '/', headers, agent }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(parts).toString()) as Record<string, unknown>);
          } catch {
            resolve({});
          }
        });
      });
      request.on('error', () => resolve({}));
      request.end(body);
    });

  const keyNames = (table: string, like: http.IncomingHttpHeaders) => {
    let names = keySchemas.get(table);
    if (!names) {
      names = direct('DescribeTable', { TableName: table }, like).then((answer) => {
        const schema = ((answer.Table as { KeySchema?: { AttributeName: string }[] } | undefined)?.KeySchema ?? []).map((k) => k.AttributeName);
        if (!schema.length) keySchemas.delete(table);
        return schema;
      });
      keySchemas.set(table, names);
    }
    return names;
  };

  /** Size of the item a refused conditional write was evaluated against (0 when there is none). */
  const existingItemBytes = async (op: string, input: Record<string, unknown>, errorBody: string, like: http.IncomingHttpHeaders) => {
    try {
      const returned = (JSON.parse(errorBody) as { Item?: Record<string, AttributeValue> }).Item;
      if (returned) return itemBytes(returned);
    } catch {
      // not JSON: read the item
    }
    const table = String(input.TableName ?? '');
    let key = input.Key as Record<string, AttributeValue> | undefined;
    if (op === 'PutItem') {
      const item = (input.Item ?? {}) as Record<string, AttributeValue>;
      const names = await keyNames(table, like);
      if (!names.length) return 0;
      key = Object.fromEntries(names.map((name) => [name, item[name] as AttributeValue]));
    }
    if (!key) return 0;
    const answer = await direct('GetItem', { TableName: table, Key: key, ConsistentRead: true }, like);
    return itemBytes(answer.Item as Record<string, AttributeValue> | undefined);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      inFlight++;
      const op =
        String(req.headers['x-amz-target'] ?? 'unknown')
          .split('.')
          .pop() ?? 'unknown';
      const count = (counts[op] ??= emptyCount());
      count.requests++;
      let body = Buffer.concat(chunks);
      let input: Record<string, unknown> = {};
      let injected = false;
      try {
        input = JSON.parse(body.toString()) as Record<string, unknown>;
      } catch {
        // not JSON: forward as it came, the engine will say what is wrong
      }
      if (REPORTS_CAPACITY.has(op) && (!input.ReturnConsumedCapacity || input.ReturnConsumedCapacity === 'NONE')) {
        body = Buffer.from(JSON.stringify({ ...input, ReturnConsumedCapacity: 'TOTAL' }));
        injected = true;
      }
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      const done = () => {
        inFlight--;
        lastActivity = Date.now();
      };
      const send = () => {
        const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => {
            parts.push(chunk);
            res.write(chunk);
          });
          answer.on('end', () => {
            res.end();
            const text = Buffer.concat(parts).toString();
            if (answer.statusCode === 200 && injected) {
              const reported = capacityOf(text);
              if (READS.has(op)) {
                const engine = sum(reported);
                const billed = billedReadUnits(op, input, reported);
                count.engineReadUnits += engine;
                count.readUnits += billed;
                count.minimumReadUnitsAdded += billed - engine;
              } else {
                count.engineWriteUnits += sum(reported);
                count.writeUnits += sum(reported);
              }
              done();
            } else if (WRITES.has(op) && text.includes('ConditionalCheckFailedException')) {
              // the caller already has its answer; the bookkeeping read happens before this request counts as done
              // (a failed read stays unhandled, as before, and stops the bench rather than leave its counts short)
              void existingItemBytes(op, input, text, req.headers)
                .then((bytes) => {
                  const units = failedWriteUnits(bytes);
                  count.conditionalFailures++;
                  const kind = itemKindOf(input);
                  conflictsByKind[kind] = (conflictsByKind[kind] ?? 0) + 1;
                  count.failedWriteUnits += units;
                  count.writeUnits += units;
                })
                .finally(done);
            } else done();
          });
        });
        forward.on('error', (error) => {
          done();
          res.writeHead(502).end(String(error));
        });
        forward.end(body);
      };
      const delay = delayOf?.(op) ?? 0;
      if (delay > 0) setTimeout(send, delay);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    snapshot: () => structuredClone(counts),
    conflicts: () => ({ ...conflictsByKind }),
    setDelay(next) {
      delayOf = next;
    },
    async waitIdle(quietMs = 400, maxMs = 10_000) {
      const deadline = Date.now() + maxMs;
      while (Date.now() < deadline && (inFlight > 0 || Date.now() - lastActivity < quietMs)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}
