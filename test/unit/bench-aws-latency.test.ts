/** The AWS latency model of `npm run bench`: per-operation delays, the option's forms, and a proxy that really holds requests. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AWS_LATENCY_MODEL, dynamoDelayMs, parseAwsLatency, startDelayProxy } from '../../bench/aws-latency';

describe('AWS latency model', () => {
  test('reads and writes are held by their own figures; control-plane calls are not held', () => {
    const model = { dynamoReadMs: 4, dynamoWriteMs: 6, managementMs: 10 };
    expect(['GetItem', 'BatchGetItem', 'Query'].map((op) => dynamoDelayMs(model, op))).toEqual([4, 4, 4]);
    expect(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'].map((op) => dynamoDelayMs(model, op))).toEqual([6, 6, 6, 6]);
    expect(dynamoDelayMs(model, 'DescribeTable')).toBe(0);
  });

  test('--aws-latency: on by default, off, or three figures in ms; anything else is a clear error', () => {
    expect(parseAwsLatency(undefined)).toEqual(AWS_LATENCY_MODEL);
    expect(parseAwsLatency('on')).toEqual(AWS_LATENCY_MODEL);
    expect(parseAwsLatency('off')).toBeUndefined();
    expect(parseAwsLatency('3, 5.5, 20')).toEqual({ dynamoReadMs: 3, dynamoWriteMs: 5.5, managementMs: 20 });
    expect(() => parseAwsLatency('3,5')).toThrow(/READ_MS,WRITE_MS,MANAGEMENT_MS/);
    expect(() => parseAwsLatency('3,-1,2')).toThrow(/--aws-latency/);
  });

  test('the delay proxy holds each request for its delay, then forwards it unchanged', async () => {
    const seen: string[] = [];
    const upstream = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const proxy = await startDelayProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    const post = async () => {
      const started = performance.now();
      const response = await fetch(`${proxy.endpoint}/@connections/abc`, { method: 'POST', body: 'frame' });
      return { ms: performance.now() - started, text: await response.text(), status: response.status };
    };
    try {
      const direct = await post();
      proxy.setDelay(120);
      const held = await post();
      expect(direct).toMatchObject({ status: 200, text: 'ok' });
      expect(held).toMatchObject({ status: 200, text: 'ok' });
      expect(held.ms).toBeGreaterThanOrEqual(115);
      expect(seen).toEqual(['POST /@connections/abc frame', 'POST /@connections/abc frame']);
    } finally {
      await proxy.stop();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});
