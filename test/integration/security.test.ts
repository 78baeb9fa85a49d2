/** Identity comes from the connection: forged fields and other people's chats are refused. */
import { asFrame, connectSeller, connectVisitor, expectRejected, sellerToken, uniqueId, wsUrl, type ChatSocket } from '../support/chat-client';

async function startChat(visitor: ChatSocket, sellerId: string) {
  visitor.send({ action: 'InitChat', sellerId, userInfo: { name: 'V' } });
  return visitor.next((f) => f.action === 'InitChat');
}

describe('connection upgrade', () => {
  test('no userId is refused with 400', async () => {
    expect(await expectRejected(wsUrl({}))).toBe(400);
  });

  test("a seller without a token, with a bad token, or with another seller's token is refused with 401", async () => {
    const sellerId = uniqueId('seller');
    expect(await expectRejected(wsUrl({ userId: sellerId, role: 'seller' }))).toBe(401);
    expect(await expectRejected(wsUrl({ userId: sellerId, role: 'seller', token: 'not-a-jwt' }))).toBe(401);
    const othersToken = sellerToken(uniqueId('seller'));
    expect(await expectRejected(wsUrl({ userId: sellerId, role: 'seller', token: othersToken }))).toBe(401);
    const expired = sellerToken(sellerId, { expiresInSeconds: -60 });
    expect(await expectRejected(wsUrl({ userId: sellerId, role: 'seller', token: expired }))).toBe(401);
  });

  test('every new connection is told who the server thinks it is', async () => {
    const deviceId = uniqueId('device');
    const visitor = await connectVisitor(deviceId);
    const hello = await visitor.next((f) => f.action === 'connected');
    expect(hello).toMatchObject({ role: 'visitor', userId: deviceId });
    await visitor.close();
  });
});

describe('impersonation and cross-contact attempts', () => {
  test("a forged `from` changes nothing: the seller sees the connection's identity", async () => {
    const sellerId = uniqueId('seller');
    const deviceId = uniqueId('device');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(deviceId);
    await startChat(visitor, sellerId);
    visitor.send({ action: 'sendMessage', type: 'message', from: 'someone-else', to: sellerId, message: 'who am I' });
    const received = await seller.next((f) => f.action === 'sendMessage');
    expect(received.from).toBe(deviceId);
    await Promise.all([visitor.close(), seller.close()]);
  });

  test("a visitor cannot write into another visitor's chat by its contact_id", async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const owner = await connectVisitor(uniqueId('device'));
    const intruder = await connectVisitor(uniqueId('device'));
    const { contact_id } = await startChat(owner, sellerId);
    await startChat(intruder, sellerId);
    intruder.send({ action: 'sendMessage', to: sellerId, contact_id, message: 'let me in', clientMessageId: 'x-1' });
    const refused = await intruder.next((f) => f.action === 'error');
    expect(refused).toMatchObject({ error: { code: 'FORBIDDEN' }, clientMessageId: 'x-1' });
    await Promise.all([owner.close(), intruder.close(), seller.close()]);
  });

  test('a seller cannot write into a chat assigned to another seller', async () => {
    const sellerA = uniqueId('seller');
    const sellerB = uniqueId('seller');
    const a = await connectSeller(sellerA);
    const b = await connectSeller(sellerB);
    const deviceId = uniqueId('device');
    const visitor = await connectVisitor(deviceId);
    const { contact_id } = await startChat(visitor, sellerA);
    b.send({ action: 'sendMessage', to: deviceId, contact_id, message: 'poaching' });
    expect(await b.next((f) => f.action === 'error')).toMatchObject({ error: { code: 'FORBIDDEN' } });
    b.send({ action: 'sendMessage', to: deviceId, message: 'poaching by deviceId' });
    expect(await b.next((f) => f.action === 'error' && asFrame(f, 'error').error.message.includes('no chat'))).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    await Promise.all([visitor.close(), a.close(), b.close()]);
  });

  test("a visitor whose deviceId equals a seller id never receives that seller's pushes", async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const lookalike = await connectVisitor(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    await startChat(visitor, sellerId);
    await seller.next((f) => f.action === 'contactAssigned');
    visitor.send({ action: 'sendMessage', to: sellerId, message: 'for the seller only', clientMessageId: 'only-1' });
    await seller.next((f) => f.action === 'sendMessage');
    await visitor.next((f) => f.action === 'messageAck');
    expect(lookalike.frames.filter((f) => f.action !== 'connected')).toEqual([]);
    await Promise.all([visitor.close(), lookalike.close(), seller.close()]);
  });

  test('a seller cannot start chats, and a visitor cannot pose as a seller with `role` in a frame', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    seller.send({ action: 'InitChat', sellerId: uniqueId('seller'), userInfo: {} });
    expect(await seller.next((f) => f.action === 'error')).toMatchObject({ error: { code: 'FORBIDDEN' } });
    await seller.close();
  });
});
