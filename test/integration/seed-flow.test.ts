/** The seed widget's frames, unchanged, against the real local stack. */
import { api, connectSeller, connectVisitor, dynamo, tableName, uniqueId } from '../support/chat-client';
import type { RestSendAnswer } from '../../lib/protocol/views';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';

describe('seed widget happy path', () => {
  test('a visitor starts a chat, both sides exchange messages, and every message is stored in order', async () => {
    const sellerId = uniqueId('seller');
    const deviceId = uniqueId('device');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(deviceId);

    visitor.send({ action: 'InitChat', sellerId, userInfo: { name: 'Ann', email: 'ann@example.com' }, timestamp: new Date().toISOString() });
    const ack = await visitor.next((f) => f.action === 'InitChat');
    expect(ack).toMatchObject({ message: 'Chat initialized successfully', status: 'assigned', sellerId });
    expect(typeof ack.contact_id).toBe('string');
    // a device session's deviceId is its only secret: no token it could take elsewhere
    expect(ack).not.toHaveProperty('visitorToken');

    const assigned = await seller.next((f) => f.action === 'contactAssigned');
    expect(assigned).toEqual({
      action: 'contactAssigned',
      contact_id: ack.contact_id,
      visitor: { userId: deviceId, userInfo: { name: 'Ann', email: 'ann@example.com' } },
      status: 'assigned',
    });

    // exactly what the seed widget sends
    visitor.send({ action: 'sendMessage', type: 'message', from: deviceId, to: sellerId, message: 'Hello, is this in stock?', timestamp: new Date().toISOString() });
    const received = await seller.next((f) => f.action === 'sendMessage');
    expect(received).toMatchObject({
      type: 'message',
      contact_id: ack.contact_id,
      seq: 1,
      from: deviceId,
      to: sellerId,
      role: 'visitor',
      message: 'Hello, is this in stock?',
    });

    seller.send({ action: 'sendMessage', type: 'message', to: deviceId, message: 'Yes, two left.', timestamp: new Date().toISOString(), clientMessageId: 'reply-1' });
    const reply = await visitor.next((f) => f.action === 'sendMessage');
    expect(reply).toMatchObject({ type: 'message', from: sellerId, to: deviceId, role: 'seller', message: 'Yes, two left.', seq: 2 });
    const sellerAck = await seller.next((f) => f.action === 'messageAck');
    expect(sellerAck).toMatchObject({ id: reply.id, seq: 2, clientMessageId: 'reply-1', delivered: true });
    // the ack carries the stored time, the same the recipient got
    expect(sellerAck.timestamp).toBe(reply.timestamp);
    // the seed widget's frame carries no clientMessageId: it asked for no ack and got none
    expect(visitor.frames.filter((f) => f.action === 'messageAck')).toEqual([]);

    const stored = await dynamo().send(
      new QueryCommand({
        TableName: tableName('messages'),
        KeyConditionExpression: 'contactId = :c',
        ExpressionAttributeValues: { ':c': ack.contact_id },
      }),
    );
    expect(stored.Items?.map((m) => [m.seq, m.senderRole, m.senderId, m.text])).toEqual([
      [1, 'visitor', deviceId, 'Hello, is this in stock?'],
      [2, 'seller', sellerId, 'Yes, two left.'],
    ]);
    expect(stored.Items?.[1]?.clientMessageId).toBe('reply-1');

    await Promise.all([visitor.close(), seller.close()]);
  });

  test('a repeated InitChat for the same seller while the chat is open returns the same contact', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    visitor.send({ action: 'InitChat', sellerId, userInfo: { name: 'Bo' } });
    const first = await visitor.next((f) => f.action === 'InitChat');
    visitor.send({ action: 'InitChat', sellerId, userInfo: { name: 'Bo' } });
    const second = await visitor.next((f) => f.action === 'InitChat' && f !== first);
    expect(second.contact_id).toBe(first.contact_id);
    expect(second.status).toBe('assigned');
    await Promise.all([visitor.close(), seller.close()]);
  });

  test('a retried clientMessageId is stored once and acked with the same id', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    visitor.send({ action: 'InitChat', sellerId, userInfo: {} });
    const { contact_id } = await visitor.next((f) => f.action === 'InitChat');

    const frame = { action: 'sendMessage', type: 'message', to: sellerId, message: 'once', clientMessageId: 'retry-me' };
    visitor.send(frame);
    const firstAck = await visitor.next((f) => f.action === 'messageAck');
    visitor.send(frame);
    const secondAck = await visitor.next((f) => f.action === 'messageAck' && f !== firstAck);
    expect(secondAck.id).toBe(firstAck.id);
    expect(secondAck.seq).toBe(firstAck.seq);
    expect(secondAck.duplicate).toBe(true);
    expect(secondAck.timestamp).toBe(firstAck.timestamp);

    const stored = await dynamo().send(
      new QueryCommand({
        TableName: tableName('messages'),
        KeyConditionExpression: 'contactId = :c',
        ExpressionAttributeValues: { ':c': contact_id },
      }),
    );
    expect(stored.Items).toHaveLength(1);
    await Promise.all([visitor.close(), seller.close()]);
  });

  test('the REST fallback needs no socket: seed body in, 201 with a visitorToken out', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const response = await api<RestSendAnswer>('/sendmessage', {
      method: 'POST',
      body: { sellerId, widgetId: 'w-1', message: 'Sent over REST', userInfo: { name: 'Cy' }, timestamp: new Date().toISOString() },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ seq: 1 });
    const pushed = await seller.next((f) => f.action === 'sendMessage');
    expect(pushed).toMatchObject({ message: 'Sent over REST', contact_id: response.body.contact_id, role: 'visitor' });
    await seller.close();
  });
});
