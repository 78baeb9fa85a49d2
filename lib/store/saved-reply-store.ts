/** Saved replies: a seller's own, and each team's, one routing-table item per reply under its owner's partition. */
import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { routingKeys } from './keys';

export type ReplyOwner = { kind: 'seller' | 'team'; id: string };

export interface SavedReply {
  replyId: string;
  owner: ReplyOwner;
  shortcut: string;
  text: string;
  updatedAt: string;
  updatedBy: string;
}

export interface SavedReplyStore {
  list(owner: ReplyOwner, limit: number): Promise<SavedReply[]>;
  count(owner: ReplyOwner): Promise<number>;
  /** Writes the reply; `created` is false when it replaced one with the same id. */
  put(reply: SavedReply): Promise<{ created: boolean }>;
  /** False when there was none. */
  remove(owner: ReplyOwner, replyId: string): Promise<boolean>;
}

type ReplyItem = { pk: string; sk: string; replyId: string; ownerKind: ReplyOwner['kind']; ownerId: string; shortcut: string; text: string; updatedAt: string; updatedBy: string };

const toReply = (item: ReplyItem): SavedReply => ({
  replyId: item.replyId,
  owner: { kind: item.ownerKind, id: item.ownerId },
  shortcut: item.shortcut,
  text: item.text,
  updatedAt: item.updatedAt,
  updatedBy: item.updatedBy,
});

export function savedReplyStore(db: DynamoDBDocumentClient, table: string): SavedReplyStore {
  const query = (owner: ReplyOwner, extra: { Limit?: number; Select?: 'COUNT' }) =>
    db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :r)',
        ExpressionAttributeValues: { ':p': routingKeys.savedReplies(owner), ':r': 'R#' },
        ConsistentRead: true,
        ...extra,
      }),
    );
  return {
    async list(owner, limit) {
      return (((await query(owner, { Limit: limit })).Items ?? []) as ReplyItem[]).map(toReply);
    },
    async count(owner) {
      return (await query(owner, { Select: 'COUNT' })).Count ?? 0;
    },
    async put(reply) {
      const item: ReplyItem = {
        ...routingKeys.savedReply(reply.owner, reply.replyId),
        replyId: reply.replyId,
        ownerKind: reply.owner.kind,
        ownerId: reply.owner.id,
        shortcut: reply.shortcut,
        text: reply.text,
        updatedAt: reply.updatedAt,
        updatedBy: reply.updatedBy,
      };
      const answer = await db.send(new PutCommand({ TableName: table, Item: item, ReturnValues: 'ALL_OLD' }));
      return { created: answer.Attributes === undefined };
    },
    async remove(owner, replyId) {
      const answer = await db.send(new DeleteCommand({ TableName: table, Key: routingKeys.savedReply(owner, replyId), ReturnValues: 'ALL_OLD' }));
      return answer.Attributes !== undefined;
    },
  };
}
