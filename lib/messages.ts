/** The message table: every accepted message, stored once, ordered per contact by `seq`. */
import { createHash, randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, unlessConditionFails } from './errors';
import type { Role } from './protocol';

export interface StoredMessage {
  contactId: string;
  messageId: string;
  seq: number;
  senderRole: Role;
  senderId: string;
  recipientId: string | null;
  text: string;
  createdAt: string;
  clientMessageId?: string;
  /** Set by a soft delete: the row stays, readers see no text. */
  deletedAt?: string;
  deletedBy?: Role;
}

export interface NewMessage {
  contactId: string;
  senderRole: Role;
  senderId: string;
  recipientId: string | null;
  text: string;
  clientMessageId?: string;
}

/**
 * A retried clientMessageId maps to the same messageId, so "stored once" is one conditional put.
 * The sender is part of the hash: two parties may pick the same client id.
 */
export function messageIdFor(contactId: string, senderRole: Role, senderId: string, clientMessageId?: string): string {
  if (!clientMessageId) return randomUUID();
  const digest = createHash('sha256').update(`${contactId}\n${senderRole}#${senderId}\n${clientMessageId}`).digest('hex');
  return `c-${digest.slice(0, 32)}`;
}

export interface MessageStore {
  get(contactId: string, messageId: string): Promise<StoredMessage | undefined>;
  /** Stores the message at `seq`; when its messageId exists already, returns the stored one instead. */
  put(message: NewMessage & { messageId: string; seq: number }): Promise<{ message: StoredMessage; duplicate: boolean }>;
  listAfter(contactId: string, afterSeq: number, limit?: number): Promise<StoredMessage[]>;
  /** The newest `count` messages, oldest first. */
  latest(contactId: string, count: number): Promise<StoredMessage[]>;
  /** Marks a message deleted (first delete wins); undefined when there is no such message. */
  softDelete(contactId: string, messageId: string, by: Role): Promise<StoredMessage | undefined>;
  /** Deletes one page of the contact's messages; returns how many went and whether more remain. */
  removePage(contactId: string, pageSize: number): Promise<{ removed: number; more: boolean }>;
}

export function messageStore(db: DynamoDBDocumentClient, table: string): MessageStore {
  const get = async (contactId: string, messageId: string) => {
    const answer = await db.send(new GetCommand({ TableName: table, Key: { contactId, messageId }, ConsistentRead: true }));
    return answer.Item as StoredMessage | undefined;
  };
  return {
    get,
    async put(input) {
      const message: StoredMessage = { ...input, createdAt: new Date().toISOString() };
      try {
        await db.send(
          new PutCommand({ TableName: table, Item: message, ConditionExpression: 'attribute_not_exists(messageId)' }),
        );
        return { message, duplicate: false };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const stored = await get(input.contactId, input.messageId);
        if (!stored) throw error;
        return { message: stored, duplicate: true };
      }
    },
    async listAfter(contactId, afterSeq, limit) {
      const found: StoredMessage[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'bySeq',
            KeyConditionExpression: 'contactId = :c AND seq > :after',
            ExpressionAttributeValues: { ':c': contactId, ':after': afterSeq },
            ScanIndexForward: true,
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
            Limit: limit,
          }),
        );
        found.push(...((page.Items ?? []) as StoredMessage[]));
        startKey = page.LastEvaluatedKey;
      } while (startKey && (limit === undefined || found.length < limit));
      return limit === undefined ? found : found.slice(0, limit);
    },
    async latest(contactId, count) {
      const page = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'bySeq',
          KeyConditionExpression: 'contactId = :c',
          ExpressionAttributeValues: { ':c': contactId },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: count,
        }),
      );
      return ((page.Items ?? []) as StoredMessage[]).reverse();
    },
    async softDelete(contactId, messageId, by) {
      const answer = await unlessConditionFails(db.send(
        new UpdateCommand({
          TableName: table,
          Key: { contactId, messageId },
          UpdateExpression: 'SET deletedAt = if_not_exists(deletedAt, :now), deletedBy = if_not_exists(deletedBy, :by)',
          ConditionExpression: 'attribute_exists(messageId)',
          ExpressionAttributeValues: { ':now': new Date().toISOString(), ':by': by },
          ReturnValues: 'ALL_NEW',
        }),
      ));
      return answer?.Attributes as StoredMessage | undefined;
    },
    async removePage(contactId, pageSize) {
      // always the first page: what the previous round deleted is gone, so no start key is needed
      const page = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'contactId = :c',
          ExpressionAttributeValues: { ':c': contactId },
          ProjectionExpression: 'contactId, messageId',
          ConsistentRead: true,
          Limit: pageSize,
        }),
      );
      const keys = page.Items ?? [];
      // single-item deletes, in parallel: the project keeps to single-item writes (no batch or transaction semantics)
      await Promise.all(
        keys.map((key) => db.send(new DeleteCommand({ TableName: table, Key: { contactId: key.contactId, messageId: key.messageId } }))),
      );
      return { removed: keys.length, more: page.LastEvaluatedKey !== undefined };
    },
  };
}
