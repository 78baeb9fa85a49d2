/** Story steps shared by the history and live-event tests: start a chat, say something, read a table row. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName, uniqueId, type ChatSocket, type Frame } from './chat-client';

/** The visitor sends the seed's InitChat and resolves with the ack (contact_id, status, sellerId, visitorToken). */
export async function initChat(visitor: ChatSocket, target: string, userInfo: Record<string, unknown> = { name: 'V' }): Promise<Frame> {
  visitor.send({ action: 'InitChat', sellerId: target, userInfo });
  // the stories send one InitChat at a time per socket, so the first unclaimed ack is this one's
  return visitor.next((f) => f.action === 'InitChat');
}

/** Sends a chat message into `contactId` and resolves with its ack. */
export async function say(socket: ChatSocket, contactId: string, text: string): Promise<Frame> {
  const clientMessageId = uniqueId('cm');
  socket.send({ action: 'sendMessage', contact_id: contactId, message: text, clientMessageId });
  return socket.next((f) => (f.action === 'messageAck' || f.action === 'error') && f.clientMessageId === clientMessageId);
}

export async function contactRow(contactId: string): Promise<Record<string, any> | undefined> {
  const answer = await dynamo().send(new GetCommand({ TableName: tableName('contacts'), Key: { contactId }, ConsistentRead: true }));
  return answer.Item;
}

export async function sellerRow(sellerId: string): Promise<Record<string, any> | undefined> {
  const answer = await dynamo().send(
    new GetCommand({ TableName: tableName('routing'), Key: { pk: `seller#${sellerId}`, sk: 'state' }, ConsistentRead: true }),
  );
  return answer.Item;
}

/** Polls until `check` returns a value (not undefined); for state written by asynchronous handlers. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits a moment and returns the frames of `action` that arrived meanwhile: for "nothing else came" checks only. */
export async function framesAfterPause(socket: ChatSocket, action: string, ms = 400): Promise<Frame[]> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return socket.frames.filter((f) => f.action === action);
}
