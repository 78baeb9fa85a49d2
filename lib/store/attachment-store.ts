/**
 * An attachment's record in the chats table (`A#<attachmentId>`), written when its upload form is
 * issued: which chat it belongs to, who may send it, and what it is. A message that carries the
 * attachment is checked against it by key, so the message path never asks S3.
 */
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AttachmentType, Role } from '../protocol/ids';
import { batchGetAll } from './batch';
import { chatKeys } from './keys';

export interface AttachmentRecord {
  attachmentId: string;
  contactId: string;
  uploaderRole: Role;
  uploaderId: string;
  name: string;
  type: AttachmentType;
  /** bytes, as the upload form enforces exactly */
  size: number;
  createdAt: string;
}

export interface AttachmentStore {
  /** Writes a new record; its id is random, so an existing one means a bug and fails. */
  put(record: AttachmentRecord): Promise<void>;
  getMany(attachmentIds: string[]): Promise<Map<string, AttachmentRecord>>;
  /** Deletes the record; one already gone is no error. */
  remove(attachmentId: string): Promise<void>;
}

export function attachmentStore(db: DynamoDBDocumentClient, table: string): AttachmentStore {
  return {
    async put(record) {
      await db.send(new PutCommand({ TableName: table, Item: { ...chatKeys.attachment(record.attachmentId), ...record }, ConditionExpression: 'attribute_not_exists(pk)' }));
    },
    async getMany(attachmentIds) {
      const unique = [...new Set(attachmentIds)];
      const items = unique.length
        ? await batchGetAll(
            db,
            table,
            unique.map((id) => chatKeys.attachment(id)),
          )
        : [];
      return new Map(items.map((item) => [item.attachmentId as string, item as unknown as AttachmentRecord]));
    },
    async remove(attachmentId) {
      await db.send(new DeleteCommand({ TableName: table, Key: chatKeys.attachment(attachmentId) }));
    },
  };
}
