/** Pushes against a management API that fails: 429/5xx are retried a bounded number of times, 410 is not. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

Object.assign(process.env, {
  CONNECTIONS_TABLE: 't-connections',
  CONTACTS_TABLE: 't-contacts',
  MESSAGES_TABLE: 't-messages',
  ROUTING_TABLE: 't-routing',
  AWS_ACCESS_KEY_ID: 'unit',
  AWS_SECRET_ACCESS_KEY: 'unit',
  AWS_REGION: 'us-east-1',
});

// after the environment: the config is read when the module is first used
import { postToConnection } from '../../lib/delivery';

describe('postToConnection retries', () => {
  let server: Server;
  let endpoint: string;
  let answers: number[] = [];
  let hits = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits++;
      request.resume();
      const status = answers.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '' : '{"message":"nope"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    hits = 0;
  });

  test('a throttled, then failing, then working management API gets the frame through', async () => {
    answers = [429, 503];
    await expect(postToConnection(endpoint, 'conn-1', { action: 'pong' })).resolves.toBe('sent');
    expect(hits).toBe(3);
  });

  test('a management API that keeps failing is given up after 3 attempts', async () => {
    answers = [500, 500, 500, 500, 500];
    await expect(postToConnection(endpoint, 'conn-1', { action: 'pong' })).rejects.toBeDefined();
    expect(hits).toBe(3);
  });

  test('410 Gone is final at once: the connection is gone', async () => {
    answers = [410];
    await expect(postToConnection(endpoint, 'conn-1', { action: 'pong' })).resolves.toBe('gone');
    expect(hits).toBe(1);
  });
});
