/**
 * The AWS latency model: what a request from a Lambda to DynamoDB or to the WebSocket API's management
 * API takes in one region, which the local engines and serverless-offline answer in a fraction of.
 * The counting proxy (dynamo-counter.ts) and the management proxy (startDelayProxy) hold each request
 * this long before passing it on, for both systems alike, so that the p50 ratio weighs each system's
 * requests as AWS would. docs/benchmark.md ("AWS latency model") names the sources of every figure.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AwsLatencyModel {
  /** GetItem, BatchGetItem, Query: DynamoDB's service-side latency plus the in-region network round trip */
  dynamoReadMs: number;
  /** PutItem, UpdateItem, DeleteItem, BatchWriteItem: a write is acknowledged once two of three replicas hold it */
  dynamoWriteMs: number;
  /** PostToConnection, GetConnection, DeleteConnection on the management API */
  managementMs: number;
}

/** docs/benchmark.md, "AWS latency model": the sources and the reasoning behind each figure. */
export const AWS_LATENCY_MODEL: AwsLatencyModel = { dynamoReadMs: 4, dynamoWriteMs: 6, managementMs: 10 };

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** How long the proxy holds one DynamoDB request of `operation` (the X-Amz-Target's last part); 0 for control-plane calls. */
export function dynamoDelayMs(model: AwsLatencyModel, operation: string): number {
  if (READS.has(operation)) return model.dynamoReadMs;
  if (WRITES.has(operation)) return model.dynamoWriteMs;
  return 0;
}

/** Parses `--aws-latency`: `on` (the model above, a second latency run), `off`, or `READ,WRITE,MANAGEMENT` in ms. */
export function parseAwsLatency(raw: string | undefined): AwsLatencyModel | undefined {
  if (raw === undefined || raw === 'on') return AWS_LATENCY_MODEL;
  if (raw === 'off') return undefined;
  const parts = raw.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new Error(`--aws-latency must be on, off or READ_MS,WRITE_MS,MANAGEMENT_MS (e.g. 4,6,10), got "${raw}"`);
  }
  const [dynamoReadMs, dynamoWriteMs, managementMs] = parts as [number, number, number];
  return { dynamoReadMs, dynamoWriteMs, managementMs };
}

export interface DelayProxy {
  endpoint: string;
  /** ms each request is held from now on; 0 passes requests straight on */
  setDelay(ms: number): void;
  stop(): Promise<void>;
}

/** An HTTP proxy to `upstream` that holds every request `delay` ms before forwarding it unchanged (the management API's). */
export async function startDelayProxy(upstream: string): Promise<DelayProxy> {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let delay = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const forward = () => {
        const body = Buffer.concat(chunks);
        const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
        const out = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        out.on('error', (error) => res.writeHead(502).end(String(error)));
        out.end(body);
      };
      if (delay > 0) setTimeout(forward, delay);
      else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setDelay: (ms) => {
      delay = ms;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}
