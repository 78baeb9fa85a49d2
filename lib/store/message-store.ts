/** The message table: every accepted message, stored once, keyed and ordered by its chat and `seq`. */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, unlessConditionFails } from '../platform/errors';
import type { AttachmentType, MessageRole, Role } from '../protocol/ids';
import { messageKey } from './keys';

export interface StoredAttachment {
  attachmentId: string;
  name: string;
  type: AttachmentType;
  size: number;
}

export interface StoredMessage {
  contactId: string;
  seq: number;
  senderRole: MessageRole;
  senderId: string;
  recipientId: string | null;
  text: string;
  createdAt: string;
  clientMessageId?: string;
  /** an assistant's answer: its sources, token counts and the id its deltas carried */
  citations?: { docId: string; title: string; url?: string }[];
  tokens?: { input: number; output: number };
  answerId?: string;
  /** Files the message carries (uploaded before it was sent; their object keys follow from the ids). */
  attachments?: StoredAttachment[];
  /** Set by a soft delete: the row stays, readers see no text. */
  deletedAt?: string;
  deletedBy?: Role;
}

export interface MessageStore {
  get(contactId: string, seq: number): Promise<StoredMessage | undefined>;
  /** Stores the message at its seq; when that seq holds one already, returns the stored one instead. */
  put(message: StoredMessage): Promise<{ message: StoredMessage; duplicate: boolean }>;
  listAfter(contactId: string, afterSeq: number, limit?: number): Promise<StoredMessage[]>;
  /** The newest `count` messages, oldest first. */
  latest(contactId: string, count: number): Promise<StoredMessage[]>;
  /** Marks a message deleted (first delete wins); undefined when there is no such message. */
  softDelete(contactId: string, seq: number, by: Role): Promise<StoredMessage | undefined>;
  /** Deletes one page of the contact's messages; returns how many went and whether more remain. */
  removePage(contactId: string, pageSize: number): Promise<{ removed: number; more: boolean }>;
}

export function messageStore(db: DynamoDBDocumentClient, table: string): MessageStore {
  const get = async (contactId: string, seq: number) => {
    const answer = await db.send(new GetCommand({ TableName: table, Key: messageKey(contactId, seq), ConsistentRead: true }));
    return answer.Item as StoredMessage | undefined;
  };
  return {
    get,
    async put(message) {
      try {
        await db.send(new PutCommand({ TableName: table, Item: message, ConditionExpression: 'attribute_not_exists(seq)' }));
        return { message, duplicate: false };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const stored = await get(message.contactId, message.seq);
        if (!stored) throw error;
        return { message: stored, duplicate: true };
      }
    },
    async listAfter(contactId, afterSeq, limit) {
      const found: StoredMessage[] = [];
      const pages = paginateQuery(
        { client: db },
        {
          TableName: table,
          KeyConditionExpression: 'contactId = :c AND seq > :after',
          ExpressionAttributeValues: { ':c': contactId, ':after': afterSeq },
          ScanIndexForward: true,
          ConsistentRead: true,
          Limit: limit,
        },
      );
      for await (const page of pages) {
        found.push(...((page.Items ?? []) as StoredMessage[]));
        if (limit !== undefined && found.length >= limit) break;
      }
      return limit === undefined ? found : found.slice(0, limit);
    },
    async latest(contactId, count) {
      const page = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'contactId = :c',
          ExpressionAttributeValues: { ':c': contactId },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: count,
        }),
      );
      return ((page.Items ?? []) as StoredMessage[]).reverse();
    },
    async softDelete(contactId, seq, by) {
      const answer = await unlessConditionFails(
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: messageKey(contactId, seq),
            UpdateExpression: 'SET deletedAt = if_not_exists(deletedAt, :now), deletedBy = if_not_exists(deletedBy, :by)',
            ConditionExpression: 'attribute_exists(seq)',
            ExpressionAttributeValues: { ':now': new Date().toISOString(), ':by': by },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return answer?.Attributes as StoredMessage | undefined;
    },
    async removePage(contactId, pageSize) {
      // always the first page: what the previous round deleted is gone, so no start key is needed
      const page = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'contactId = :c',
          ExpressionAttributeValues: { ':c': contactId },
          ProjectionExpression: 'contactId, seq',
          ConsistentRead: true,
          Limit: pageSize,
        }),
      );
      const keys = page.Items ?? [];
      // single-item deletes, in parallel: the project keeps to single-item writes (no batch or transaction semantics)
      await Promise.all(keys.map((key) => db.send(new DeleteCommand({ TableName: table, Key: messageKey(key.contactId, key.seq) }))));
      return { removed: keys.length, more: page.LastEvaluatedKey !== undefined };
    },
  };
}
