/**
 * A counting HTTP proxy in front of the local DynamoDB: every request is tallied by its X-Amz-Target
 * operation, then forwarded unchanged except for ReturnConsumedCapacity, which it asks for (when the
 * caller did not) so the engine reports the request units it charged. Responses pass through byte for byte.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OpCount {
  requests: number;
  /** read request units / write request units, as the engine reports them */
  readUnits: number;
  writeUnits: number;
}

export type Counts = Record<string, OpCount>;

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const REPORTS_CAPACITY = new Set([...READS, 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export interface DynamoCounter {
  endpoint: string;
  snapshot(): Counts;
  /** Resolves once no request has been in flight for `quietMs` (or after `maxMs`): the previous phase's async work is done. */
  waitIdle(quietMs?: number, maxMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** b - a, per operation; operations with no requests in between are left out. */
export function diffCounts(before: Counts, after: Counts): Counts {
  const out: Counts = {};
  for (const [op, b] of Object.entries(after)) {
    const a = before[op] ?? { requests: 0, readUnits: 0, writeUnits: 0 };
    const requests = b.requests - a.requests;
    if (requests > 0) out[op] = { requests, readUnits: b.readUnits - a.readUnits, writeUnits: b.writeUnits - a.writeUnits };
  }
  return out;
}

function unitsOf(body: string): number {
  try {
    const capacity = (JSON.parse(body) as { ConsumedCapacity?: unknown }).ConsumedCapacity;
    const list = Array.isArray(capacity) ? capacity : capacity ? [capacity] : [];
    return list.reduce((sum: number, entry) => sum + Number((entry as { CapacityUnits?: number }).CapacityUnits ?? 0), 0);
  } catch {
    return 0;
  }
}

export async function startDynamoCounter(upstream: string): Promise<DynamoCounter> {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const counts: Counts = {};
  let inFlight = 0;
  let lastActivity = Date.now();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      inFlight++;
      const op = String(req.headers['x-amz-target'] ?? 'unknown').split('.').pop() ?? 'unknown';
      const count = (counts[op] ??= { requests: 0, readUnits: 0, writeUnits: 0 });
      count.requests++;
      let body = Buffer.concat(chunks);
      let injected = false;
      if (REPORTS_CAPACITY.has(op)) {
        try {
          const input = JSON.parse(body.toString()) as Record<string, unknown>;
          if (!input.ReturnConsumedCapacity || input.ReturnConsumedCapacity === 'NONE') {
            input.ReturnConsumedCapacity = 'TOTAL';
            body = Buffer.from(JSON.stringify(input));
            injected = true;
          }
        } catch {
          // not JSON: forward as it came, the engine will say what is wrong
        }
      }
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      const done = () => {
        inFlight--;
        lastActivity = Date.now();
      };
      const forward = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => {
            parts.push(chunk);
            res.write(chunk);
          });
          answer.on('end', () => {
            res.end();
            if (injected && answer.statusCode === 200) {
              const units = unitsOf(Buffer.concat(parts).toString());
              if (READS.has(op)) count.readUnits += units;
              else count.writeUnits += units;
            }
            done();
          });
        },
      );
      forward.on('error', (error) => {
        done();
        res.writeHead(502).end(String(error));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    snapshot: () => structuredClone(counts),
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
