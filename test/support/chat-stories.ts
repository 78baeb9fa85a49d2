/** Story steps shared by the history and live-event tests: start a chat, say something, read a table row. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { asFrame, dynamo, tableName, uniqueId, type ChatSocket, type Frame, type FrameWith } from './chat-client';
import { chatKeys, lineKeyOfContact, routingKeys } from '../../lib/store/keys';
import { toChat, type ChatItem } from '../../lib/store/chat-store';
import { sellerRecord, type SellerItem, type SellerRecord } from '../../lib/store/seller-store';
import type { Chat } from '../../lib/model/chat';

/** The visitor sends the seed's InitChat and resolves with the ack (contact_id, status, sellerId, visitorToken). */
export async function initChat(visitor: ChatSocket, target: string, userInfo: Record<string, unknown> = { name: 'V' }): Promise<FrameWith<'InitChat'>> {
  visitor.send({ action: 'InitChat', sellerId: target, userInfo });
  // the stories send one InitChat at a time per socket, so the first unclaimed ack is this one's
  return visitor.next('InitChat');
}

/** Sends a chat message into `contactId` and resolves with its ack or its refusal (`asFrame(answer, 'messageAck')` when the test needs the ack). */
export async function say(socket: ChatSocket, contactId: string, text: string): Promise<FrameWith<'messageAck' | 'error'>> {
  const clientMessageId = uniqueId('cm');
  socket.send({ action: 'sendMessage', contact_id: contactId, message: text, clientMessageId });
  const answer = await socket.next((f) => (f.action === 'messageAck' || f.action === 'error') && f.clientMessageId === clientMessageId);
  return answer.action === 'error' ? asFrame(answer, 'error') : asFrame(answer, 'messageAck');
}

/** The stored chat of a contactId: its line while the chat is on it, else its ended copy (see lib/store/keys.ts). */
export async function contactRow(contactId: string): Promise<(ChatItem & Chat) | undefined> {
  const lineKey = lineKeyOfContact(contactId);
  if (!lineKey) return undefined;
  const [line, ended] = await Promise.all(
    [chatKeys.line(lineKey), chatKeys.ended(contactId)].map((Key) => dynamo().send(new GetCommand({ TableName: tableName('chats'), Key, ConsistentRead: true }))),
  );
  const item = (line?.Item?.contactId === contactId ? line.Item : ended?.Item) as ChatItem | undefined;
  // the stored attributes, and the domain's names for them (lastSeq, sellerReadSeq...)
  return item && { ...item, ...toChat(item) };
}

/** A seller's item, with `activeChats` (how many chats hold a slot in it) and `offlineSince` (when its last connection closed, if none is open). */
export async function sellerRow(sellerId: string): Promise<(SellerItem & Partial<Pick<SellerRecord, 'activeChats' | 'offlineSince'>>) | undefined> {
  const answer = await dynamo().send(new GetCommand({ TableName: tableName('routing'), Key: routingKeys.sellerState(sellerId), ConsistentRead: true }));
  const item = answer.Item as SellerItem | undefined;
  const record = item && sellerRecord(sellerId, item, 2 * 60 * 60 * 1000);
  return item && { ...item, activeChats: record?.activeChats, offlineSince: record?.offlineSince };
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

/**
 * The frames of `action` that `socket` received after frame number `from` and before `marker`, a
 * frame it received. A socket delivers in order, so this proves that no such frame came first; for
 * "nothing else came" checks, `marker` must be a frame caused after the moment the unwanted frame
 * would have been sent (see live-events.test.ts), never a fixed pause.
 */
export function framesBefore(socket: ChatSocket, marker: Frame, action: string, from = 0): Frame[] {
  const index = socket.frames.indexOf(marker);
  if (index < 0) throw new Error(`the marker ${JSON.stringify(marker)} is not a frame this socket received`);
  return socket.frames.slice(from, index).filter((frame) => frame.action === action);
}
