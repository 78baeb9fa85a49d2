/**
 * Labels on chats, findable by key: one routing-table item per label and chat under the chat's
 * target (`label#<target>#<label>`, sort key the contactId), so GET /v1/contacts?label= queries one
 * partition per queue of the seller and never scans or filters a full read. The chat's own list of
 * labels stays on its notes item (the `tags` attribute, lib/store/note-store.ts).
 */
import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { routingKeys } from './keys';

export interface LabelStore {
  add(targetId: string, label: string, contactId: string): Promise<void>;
  remove(targetId: string, label: string, contactId: string): Promise<void>;
  /** Up to `limit` contactIds carrying `label` under `targetId`. */
  contactsWith(targetId: string, label: string, limit: number): Promise<string[]>;
}

export function labelStore(db: DynamoDBDocumentClient, table: string): LabelStore {
  return {
    async add(targetId, label, contactId) {
      await db.send(new PutCommand({ TableName: table, Item: { ...routingKeys.label(targetId, label, contactId), contactId, labelledAt: new Date().toISOString() } }));
    },
    async remove(targetId, label, contactId) {
      await db.send(new DeleteCommand({ TableName: table, Key: routingKeys.label(targetId, label, contactId) }));
    },
    async contactsWith(targetId, label, limit) {
      const page = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': routingKeys.labelPartition(targetId, label) },
          ProjectionExpression: 'contactId',
          Limit: limit,
        }),
      );
      return (page.Items ?? []).map((item) => String(item.contactId));
    },
  };
}
