/** Rate limits and per-identity limits, on the real stack and on the DynamoDB buckets themselves. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoRateLimiter } from '../../lib/store/rate-buckets';
import { asFrame, connect, connectSeller, connectVisitor, dynamo, expectRejected, tableName, uniqueId, wsUrl, type Frame } from '../support/chat-client';

describe('the token buckets in DynamoDB', () => {
  test('concurrent takes from many "Lambda instances" never pass more than the burst', async () => {
    // separate limiter objects stand in for separate Lambda containers sharing the table
    const limiters = Array.from({ length: 5 }, () => dynamoRateLimiter(dynamo(), tableName('routing')));
    const key = uniqueId('bucket');
    const policy = { burst: 10, perSecond: 0.01 };
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => limiters[i % 5]!.take(key, policy)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const refused = results.filter((r) => !r.allowed);
    expect(refused).toHaveLength(30);
    expect(Math.min(...refused.map((r) => r.retryAfterSeconds))).toBeGreaterThanOrEqual(1);
  });

  test('concurrent takes on one busy bucket (one address, many chat starts) cost one write each once every container has taken it', async () => {
    // counts the requests each "container" sends; DynamoDB itself is the real local engine
    let requests = 0;
    const counted = () => {
      const client = dynamo();
      const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
      return Object.assign(Object.create(client) as typeof client, {
        send: (command: unknown) => {
          requests++;
          return send(command);
        },
      });
    };
    const limiters = Array.from({ length: 5 }, () => dynamoRateLimiter(counted(), tableName('routing')));
    const key = uniqueId('bucket');
    // wide, as a shop's shared address sees it: the bucket stays in use (its tat within the slack, a tenth of
    // its ~100 s tolerance), and the takes race each other
    const policy = { burst: 10_000, perSecond: 100 };
    // each container takes it once: a bucket a container does not know is tried idle first
    await Promise.all(limiters.map((limiter) => limiter.take(key, policy)));
    requests = 0;
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => limiters[i % 5]!.take(key, policy)));
      expect(results.every((r) => r.allowed)).toBe(true);
    }
    expect(requests).toBe(60);
  });

  test('concurrent takes in one container (offline runs invocations side by side) cost one write each, on a new bucket and on one only another container knew', async () => {
    let requests = 0;
    const client = dynamo();
    const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
    const counted = Object.assign(Object.create(client) as typeof client, {
      send: (command: unknown) => {
        requests++;
        return send(command);
      },
    });
    const policy = { burst: 10_000, perSecond: 100 };
    const fresh = uniqueId('bucket');
    const limiter = dynamoRateLimiter(counted, tableName('routing'));
    const first = await Promise.all(Array.from({ length: 20 }, () => limiter.take(fresh, policy)));
    expect(first.every((r) => r.allowed)).toBe(true);
    expect(requests).toBe(20);

    // another container used the bucket a moment ago; this one has never seen it
    const shared = uniqueId('bucket');
    await dynamoRateLimiter(dynamo(), tableName('routing')).take(shared, policy);
    await new Promise((resolve) => setTimeout(resolve, 50));
    requests = 0;
    const second = await Promise.all(Array.from({ length: 20 }, () => limiter.take(shared, policy)));
    expect(second.every((r) => r.allowed)).toBe(true);
    expect(requests).toBe(20);
  });

  test('a bucket refills at its rate', async () => {
    const limiter = dynamoRateLimiter(dynamo(), tableName('routing'));
    const key = uniqueId('bucket');
    const policy = { burst: 2, perSecond: 5 };
    expect((await limiter.take(key, policy)).allowed).toBe(true);
    expect((await limiter.take(key, policy)).allowed).toBe(true);
    expect((await limiter.take(key, policy)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await limiter.take(key, policy)).allowed).toBe(true);
  });
});

describe('limits on the socket', () => {
  test('a visitor flooding messages gets RATE_LIMITED with a retryAfter; every acked message is stored, no refused one', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    visitor.send({ action: 'InitChat', sellerId, userInfo: {} });
    const { contact_id } = await visitor.next('InitChat');

    // the default visitor window holds 20 per 10 s. A burst of 25 that falls across a window boundary (or, on a
    // slow machine, is processed across one) may all pass, so bursts follow each other until one is refused
    const answers: Frame[] = [];
    for (let burst = 0, sent = 0; burst < 8 && !answers.some((a) => a.action === 'error'); burst++) {
      for (let i = 0; i < 25; i++, sent++) visitor.send({ action: 'sendMessage', to: sellerId, message: `flood ${sent}`, clientMessageId: `f-${sent}` });
      for (let i = 0; i < 25; i++) answers.push(await visitor.next((f) => f.action === 'messageAck' || f.action === 'error'));
    }
    const acked = answers.filter((a) => a.action === 'messageAck');
    const limited = answers.filter((a) => a.action === 'error').map((a) => asFrame(a, 'error'));
    expect(limited.length).toBeGreaterThan(0);
    for (const refusal of limited) {
      expect(refusal.error).toMatchObject({ code: 'RATE_LIMITED' });
      expect(refusal.error.retryAfter).toBeGreaterThanOrEqual(1);
      expect(refusal.clientMessageId).toMatch(/^f-\d+$/);
    }
    const stored = await dynamo().send(
      new QueryCommand({ TableName: tableName('messages'), KeyConditionExpression: 'contactId = :c', ExpressionAttributeValues: { ':c': contact_id } }),
    );
    expect(stored.Items?.map((m) => m.clientMessageId).sort()).toEqual(acked.map((a) => a.clientMessageId).sort());
    await Promise.all([visitor.close(), seller.close()]);
  });

  test('a device opening chat after chat hits the per-device InitChat bucket', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    const answers = [];
    for (let i = 0; i < 7; i++) {
      visitor.send({ action: 'InitChat', sellerId: uniqueId('seller'), userInfo: {} });
      answers.push(await visitor.next((f) => f.action === 'InitChat' || f.action === 'error'));
    }
    const codes = answers.map((a) => (a.action === 'error' ? asFrame(a, 'error').error.code : 'OK'));
    // 5 starts fit the bucket; the open-chat limit (5) and the bucket both stop the rest
    expect(codes.slice(0, 5)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(codes.slice(5).every((code) => code === 'RATE_LIMITED' || code === 'LIMIT_EXCEEDED')).toBe(true);
    await visitor.close();
  });

  test('one identity may hold at most 10 connections: the 11th upgrade is refused with 429', async () => {
    const deviceId = uniqueId('device');
    const tabs = [];
    for (let i = 0; i < 10; i++) tabs.push(await connect(wsUrl({ userId: deviceId })));
    expect(await expectRejected(wsUrl({ userId: deviceId }))).toBe(429);
    await tabs[0]!.close();
    // the $disconnect frees a place
    const deadline = Date.now() + 5000;
    let reopened = null;
    while (!reopened && Date.now() < deadline) {
      reopened = await connect(wsUrl({ userId: deviceId })).catch(() => null);
      if (!reopened) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(reopened).not.toBeNull();
    await Promise.all([...tabs.slice(1), reopened!].map((tab) => tab.close()));
  });
});
