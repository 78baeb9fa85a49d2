/** Fan-out to every connection, offline delivery on (re)connect, and stale-connection cleanup. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { asFrame, connectionIdsOf, connectSeller, connectVisitor, dynamo, tableName, uniqueId, type ChatSocket } from '../support/chat-client';
import { eventually } from '../support/chat-stories';
import { routingKeys } from '../../lib/store/keys';

async function initChat(visitor: ChatSocket, sellerId: string) {
  visitor.send({ action: 'InitChat', sellerId, userInfo: { name: 'V' } });
  return visitor.next((f) => f.action === 'InitChat');
}

describe('multi-tab fan-out', () => {
  test("every connection of the recipient gets the message, and so do the sender's other tabs", async () => {
    const sellerId = uniqueId('seller');
    const deviceId = uniqueId('device');
    const sellerTab1 = await connectSeller(sellerId);
    const sellerTab2 = await connectSeller(sellerId);
    const visitorTab1 = await connectVisitor(deviceId);
    const visitorTab2 = await connectVisitor(deviceId);
    await initChat(visitorTab1, sellerId);

    visitorTab1.send({ action: 'sendMessage', to: sellerId, message: 'to all tabs', clientMessageId: 'tabs-1' });
    const [a, b, echo] = await Promise.all([
      sellerTab1.next((f) => f.action === 'sendMessage'),
      sellerTab2.next((f) => f.action === 'sendMessage'),
      visitorTab2.next((f) => f.action === 'sendMessage'),
    ]);
    expect(a.id).toBe(b.id);
    expect(echo).toMatchObject({ id: a.id, message: 'to all tabs', role: 'visitor' });
    await visitorTab1.next((f) => f.action === 'messageAck');
    expect(visitorTab1.frames.filter((f) => f.action === 'sendMessage')).toEqual([]);
    await Promise.all([sellerTab1.close(), sellerTab2.close(), visitorTab1.close(), visitorTab2.close()]);
  });
});

describe('offline recipients', () => {
  test('a visitor that reconnects with the same deviceId gets the replies it missed, in order', async () => {
    const sellerId = uniqueId('seller');
    const deviceId = uniqueId('device');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(deviceId);
    const { contact_id } = await initChat(visitor, sellerId);
    await visitor.close();

    for (const text of ['first while away', 'second while away']) {
      seller.send({ action: 'sendMessage', to: deviceId, message: text, clientMessageId: text });
      const ack = await seller.next((f) => f.action === 'messageAck' && !f.__seen);
      ack.__seen = true;
      expect(ack.delivered).toBe(false);
    }

    const back = await connectVisitor(deviceId);
    const first = await back.next('sendMessage');
    const second = asFrame(await back.next((f) => f.action === 'sendMessage' && f !== first), 'sendMessage');
    expect([first.message, second.message]).toEqual(['first while away', 'second while away']);
    expect(first.contact_id).toBe(contact_id);
    expect(second.seq).toBeGreaterThan(first.seq);

    // a second reconnect does not replay what was already delivered
    await back.close();
    const again = await connectVisitor(deviceId);
    await again.next((f) => f.action === 'connected');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(again.frames.filter((f) => f.action === 'sendMessage')).toEqual([]);
    await Promise.all([again.close(), seller.close()]);
  });

  test('a seller that reconnects gets the visitor messages it missed', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    await initChat(visitor, sellerId);
    await seller.next((f) => f.action === 'contactAssigned');
    await seller.close();

    visitor.send({ action: 'sendMessage', to: sellerId, message: 'are you back?', clientMessageId: 'back-1' });
    expect(await visitor.next((f) => f.action === 'messageAck')).toMatchObject({ delivered: false });

    const back = await connectSeller(sellerId);
    expect(await back.next((f) => f.action === 'sendMessage')).toMatchObject({ message: 'are you back?', role: 'visitor' });
    await Promise.all([visitor.close(), back.close()]);
  });
});

describe('stale connections', () => {
  test('a push that gets 410 deletes that connection and still reaches the others', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    await initChat(visitor, sellerId);

    // a connection whose socket vanished without $disconnect, a minute old
    const staleId = `stale-${uniqueId('conn')}`;
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('routing'),
        Key: routingKeys.sellerState(sellerId),
        UpdateExpression: 'ADD conns :stale SET #at = :minuteAgo',
        ExpressionAttributeNames: { '#at': `at_${staleId}` },
        ExpressionAttributeValues: { ':stale': new Set([staleId]), ':minuteAgo': Date.now() - 60_000 },
      }),
    );
    expect(await connectionIdsOf('seller', sellerId)).toContain(staleId);

    visitor.send({ action: 'sendMessage', to: sellerId, message: 'through the stale one', clientMessageId: 'stale-1' });
    expect(await seller.next((f) => f.action === 'sendMessage')).toMatchObject({ message: 'through the stale one' });
    expect(await visitor.next((f) => f.action === 'messageAck')).toMatchObject({ delivered: true });
    expect(await eventually(async () => ((await connectionIdsOf('seller', sellerId)).includes(staleId) ? undefined : true), 'stale entry dropped')).toBe(true);
    expect(await connectionIdsOf('seller', sellerId)).toHaveLength(1);
    await Promise.all([visitor.close(), seller.close()]);
  });

  test('$disconnect removes the connection from its identity', async () => {
    const deviceId = uniqueId('device');
    const visitor = await connectVisitor(deviceId);
    const hello = await visitor.next((f) => f.action === 'connected');
    expect(await connectionIdsOf('visitor', deviceId)).toEqual([hello.connectionId]);
    await visitor.close();
    expect(await eventually(async () => ((await connectionIdsOf('visitor', deviceId)).length === 0 ? true : undefined), 'connection removed')).toBe(true);
  });
});
