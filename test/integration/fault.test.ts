/**
 * Faults mid-stream: the sender's socket dies and DynamoDB restarts while messages are in flight.
 * The client does what a widget does (resend every unacked clientMessageId until it is acked);
 * afterwards every message is stored exactly once and every ack names the stored message.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { connectSeller, connectVisitor, dynamo, restartDynamo, tableName, uniqueId, type ChatSocket } from '../support/chat-client';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects, retrying while the stack cannot register connections (DynamoDB down). */
async function connectRetrying(open: () => Promise<ChatSocket>, deadline: number): Promise<ChatSocket> {
  for (;;) {
    try {
      return await open();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

describe('faults mid-stream', () => {
  test('a dropped socket and a DynamoDB restart lose nothing and store nothing twice', async () => {
    const deadline = Date.now() + 50_000;
    const sellerId = uniqueId('seller');
    const deviceId = uniqueId('device');
    let seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(deviceId);
    visitor.send({ action: 'InitChat', sellerId, userInfo: {} });
    const { contact_id } = await visitor.next('InitChat');

    const total = 30;
    const acked = new Map<string, { id: string; seq: number }>();
    const send = (socket: ChatSocket, i: number) => socket.send({ action: 'sendMessage', to: deviceId, contact_id, message: `reply ${i}`, clientMessageId: `m-${i}` });
    const collectAcks = (socket: ChatSocket) =>
      socket.socket.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        if (frame.action === 'messageAck') acked.set(frame.clientMessageId, { id: frame.id, seq: frame.seq });
      });
    collectAcks(seller);

    // in flight: the first ten go out, then DynamoDB goes down and the socket dies under the next ten
    for (let i = 0; i < 10; i++) send(seller, i);
    const outage = restartDynamo(1500);
    for (let i = 10; i < 20; i++) send(seller, i);
    seller.socket.terminate();
    await outage;

    // the widget's recovery: reconnect, then resend whatever was not acked, until everything is
    seller = await connectRetrying(() => connectSeller(sellerId), deadline);
    collectAcks(seller);
    for (let i = 20; i < total; i++) send(seller, i);
    while (acked.size < total) {
      if (Date.now() > deadline) throw new Error(`only ${acked.size} of ${total} acked`);
      await sleep(500);
      for (let i = 0; i < total; i++) if (!acked.has(`m-${i}`)) send(seller, i);
    }

    const stored = await dynamo().send(
      new QueryCommand({ TableName: tableName('messages'), KeyConditionExpression: 'contactId = :c', ExpressionAttributeValues: { ':c': contact_id } }),
    );
    const items = stored.Items ?? [];
    expect(items).toHaveLength(total);
    expect(new Set(items.map((m) => m.clientMessageId)).size).toBe(total);
    // a message's id is its chat and its seq
    for (const item of items) expect(acked.get(item.clientMessageId)).toEqual({ id: `${contact_id}.${item.seq}`, seq: item.seq });
    expect(new Set(items.map((m) => m.seq)).size).toBe(total);
    await Promise.all([visitor.close(), seller.close()]);
  }, 60_000);
});
