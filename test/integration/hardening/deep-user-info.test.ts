/** Hardening item 3: userInfo nested thousands of levels deep is a clear 400, never INTERNAL, on the socket and over REST. */
import { api, connectVisitor, uniqueId } from '../../support/chat-client';
import { initChat } from '../../support/chat-stories';

/** `{"nest": [[[…]]]}` with `levels` arrays: 9 KB of text for 4,500 levels. */
const deeplyNested = (levels: number) => `{"nest":${'['.repeat(levels)}${']'.repeat(levels)}}`;

describe('deeply nested userInfo', () => {
  test('InitChat with 4,500 nested arrays is refused BAD_REQUEST and the socket stays usable', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    const sellerId = uniqueId('seller');
    visitor.socket.send(`{"action":"InitChat","sellerId":"${sellerId}","userInfo":${deeplyNested(4500)}}`);
    const refused = await visitor.next('error');
    expect(refused.error).toEqual({ code: 'BAD_REQUEST', message: 'userInfo is nested more than 8 levels deep; that is the limit' });
    const ack = await initChat(visitor, sellerId, { name: 'after' });
    expect(ack.contact_id).toEqual(expect.any(String));
    await visitor.close();
  });

  test('the REST fallback refuses it with 400, not 500', async () => {
    const rawBody = `{"sellerId":"${uniqueId('seller')}","message":"hi","userInfo":${deeplyNested(4500)}}`;
    const answer = await api('/sendmessage', { method: 'POST', rawBody });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', message: 'userInfo is nested more than 8 levels deep; that is the limit' } } });
  });

  test('nine levels are refused and eight are kept', async () => {
    let nine: unknown = 'leaf';
    for (let level = 0; level < 8; level++) nine = { inner: nine };
    const visitor = await connectVisitor(uniqueId('device'));
    visitor.send({ action: 'InitChat', sellerId: uniqueId('seller'), userInfo: { nine } });
    expect((await visitor.next('error')).error.code).toBe('BAD_REQUEST');
    visitor.send({ action: 'InitChat', sellerId: uniqueId('seller'), userInfo: nine as Record<string, unknown> });
    expect((await visitor.next('InitChat')).contact_id).toEqual(expect.any(String));
    await visitor.close();
  });
});

describe('__proto__ inside userInfo', () => {
  test('a nested __proto__ key is refused BAD_REQUEST, not INTERNAL', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    visitor.socket.send(`{"action":"InitChat","sellerId":"${uniqueId('seller')}","userInfo":{"message":[{"__proto__":"x"}]}}`);
    expect((await visitor.next('error')).error).toEqual({ code: 'BAD_REQUEST', message: 'userInfo may not hold the key __proto__, at any depth' });
    await visitor.close();
  });
});
