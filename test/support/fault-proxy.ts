/**
 * A fault-injecting proxy in front of the local DynamoDB, for the window between two writes that
 * only a failure can open: the handlers talk to DynamoDB through it, and a test arms it to fail
 * the next N requests of one operation on one table (`PutItem` on the messages table, say) with
 * the error a real outage gives. Everything else passes through byte for byte.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultRule {
  /** the X-Amz-Target operation, e.g. `PutItem` */
  operation: string;
  /** a part of the TableName the request must name, e.g. `messages` */
  table: string;
  /** how many matching requests fail (the SDK retries a 500, so 5 fail one call of ours) */
  times: number;
  /** default 500 InternalServerError, which the SDK retries; 400 ValidationException is not retried */
  status?: 400 | 500;
}

export interface FaultProxy {
  endpoint: string;
  arm(rule: FaultRule): void;
  /** how many requests the armed rules failed so far */
  failed(): number;
  stop(): Promise<void>;
}

export async function startFaultProxy(target: () => string): Promise<FaultProxy> {
  const rules: (FaultRule & { left: number })[] = [];
  let failedCount = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation =
        String(request.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      let tableName = '';
      try {
        tableName = String((JSON.parse(body.toString() || '{}') as { TableName?: unknown }).TableName ?? '');
      } catch {
        // not JSON: passes through
      }
      const rule = rules.find((r) => r.left > 0 && r.operation === operation && tableName.includes(r.table));
      if (rule) {
        rule.left--;
        failedCount++;
        const status = rule.status ?? 500;
        const type = status === 500 ? 'com.amazonaws.dynamodb.v20120810#InternalServerError' : 'com.amazon.coral.validate#ValidationException';
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: type, message: 'injected by the fault proxy' }));
        return;
      }
      const upstream = new URL(target());
      const forward = http.request({ host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      forward.on('error', () => response.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arm: (rule) => rules.push({ ...rule, left: rule.times }),
    failed: () => failedCount,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
