/** The message table: every accepted message, stored once, ordered per contact by `seq`. */
import { createHash, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './errors';
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
  };
}
