/**
 * The chats table's indexes: a visitor's chats (byVisitor), a seller's (bySeller), a queue's
 * (byQueue), and the assigned chats waiting for a first reply (byReplyDue). The first three project
 * only the keys, `status` and `contactId`, byReplyDue the chat's parties and target; so no message's write touches
 * them; a listing reads the index, then the chats themselves in one BatchGetItem.
 */
import { paginateQuery, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ContactStatus } from '../protocol/ids';
import { batchGetAll } from './batch';
import { REPLY_DUE_SHARD, type ChatItem } from './chat-store';

/** One page of a listing: `more` says whether a next page exists after the last item. */
export interface ChatPage {
  items: ChatItem[];
  more: boolean;
}

/** Where a listing resumes: the index sort key of the last item seen and its table key. */
export interface PagePosition {
  pk: string;
  /** sellerAt for a seller's list, createdAt for queue and visitor lists */
  at: string;
}

export interface ChatQueries {
  /** The oldest `limit` chats waiting in `queueKey`. */
  queued(queueKey: string, limit: number): Promise<ChatItem[]>;
  pageBySeller(sellerId: string, status: ContactStatus, limit: number, after?: PagePosition): Promise<ChatPage>;
  pageByQueue(queueKey: string, limit: number, after?: PagePosition): Promise<ChatPage>;
  pageByVisitor(visitorId: string, limit: number, after?: PagePosition): Promise<ChatPage>;
  /**
   * Up to `limit` of a visitor's chats on one line (with one target), newest first, from the
   * byVisitor index alone: a query of the visitor's key, filtered by the line's contactId prefix,
   * reading at most `maxEntries` index entries. No chat item is read.
   */
  onLine(visitorId: string, lineKey: string, limit: number, maxEntries: number): Promise<LineChat[]>;
  /** Up to `limit` assigned chats whose first reply was due by `now` (byReplyDue, oldest first): the index entry alone, no read of the chat. */
  replyDue(now: string, limit: number): Promise<ReplyDueChat[]>;
}

/** What byVisitor projects of a chat: enough to list it. */
export interface LineChat {
  contactId: string;
  status: ContactStatus;
  createdAt: string;
}

/** What byReplyDue projects: enough to move the chat without reading it. */
export interface ReplyDueChat {
  contactId: string;
  visitorId: string;
  sellerId: string;
  target: string;
  replyDueAt: string;
}

type Query = Omit<QueryCommandInput, 'TableName'>;

export function chatQueries(db: DynamoDBDocumentClient, table: string): ChatQueries {
  /** Index entries from `startKey` until `wanted` are found (a filter may thin the pages) or the index ends. */
  const entries = async (input: Query, wanted: number, startKey?: Record<string, unknown>) => {
    const found: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client: db }, { ...input, TableName: table, ExclusiveStartKey: startKey })) {
      found.push(...(page.Items ?? []));
      if (found.length >= wanted) break;
    }
    return found;
  };

  /** The chats behind index entries, in the entries' order; a chat seen twice (ended, not yet archived) once, as its ended copy. */
  const hydrate = async (found: Record<string, unknown>[]) => {
    const chats = (await batchGetAll(
      db,
      table,
      found.map((entry) => ({ pk: entry.pk })),
    )) as ChatItem[];
    const byKey = new Map(chats.map((chat) => [chat.pk, chat]));
    const endedIds = new Set(chats.filter((chat) => chat.pk.startsWith('C#')).map((chat) => chat.contactId));
    return found
      .map((entry) => byKey.get(entry.pk as string))
      .filter((chat): chat is ChatItem => chat?.contactId !== undefined && !(chat.pk.startsWith('L#') && endedIds.has(chat.contactId)));
  };

  const page = async (input: Query, limit: number, startKey: Record<string, unknown> | undefined): Promise<ChatPage> => {
    const found = await entries({ ...input, Limit: limit + 1 }, limit + 1, startKey);
    const items = await hydrate(found.slice(0, limit));
    return { items, more: found.length > limit };
  };

  const statusIs = (status: ContactStatus) => ({
    FilterExpression: '#status = :status',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':status': status },
  });

  return {
    async queued(queueKey, limit) {
      const found = await entries(
        { IndexName: 'byQueue', KeyConditionExpression: 'queueKey = :q', ExpressionAttributeValues: { ':q': queueKey }, ScanIndexForward: true, Limit: limit },
        limit,
      );
      return (await hydrate(found.slice(0, limit))).filter((chat) => chat.status === 'queued' && chat.queueKey === queueKey);
    },

    pageBySeller(sellerId, status, limit, after) {
      const filter = statusIs(status);
      return page(
        {
          IndexName: 'bySeller',
          KeyConditionExpression: 'sellerId = :s',
          FilterExpression: filter.FilterExpression,
          ExpressionAttributeNames: filter.ExpressionAttributeNames,
          ExpressionAttributeValues: { ':s': sellerId, ...filter.ExpressionAttributeValues },
          ScanIndexForward: false,
        },
        limit,
        after && { pk: after.pk, sellerId, sellerAt: after.at },
      );
    },

    pageByQueue(queueKey, limit, after) {
      return page(
        { IndexName: 'byQueue', KeyConditionExpression: 'queueKey = :q', ExpressionAttributeValues: { ':q': queueKey }, ScanIndexForward: false },
        limit,
        after && { pk: after.pk, queueKey, createdAt: after.at },
      );
    },

    async replyDue(now, limit) {
      const found = await entries(
        {
          IndexName: 'byReplyDue',
          KeyConditionExpression: 'replyDueShard = :due AND replyDueAt <= :now',
          ExpressionAttributeValues: { ':due': REPLY_DUE_SHARD, ':now': now },
          ScanIndexForward: true,
          Limit: limit,
        },
        limit,
      );
      return found.slice(0, limit) as unknown as ReplyDueChat[];
    },

    async onLine(visitorId, lineKey, limit, maxEntries) {
      const found: LineChat[] = [];
      let read = 0;
      const pages = paginateQuery(
        { client: db, pageSize: Math.min(maxEntries, 100) },
        {
          TableName: table,
          IndexName: 'byVisitor',
          KeyConditionExpression: 'visitorId = :v',
          FilterExpression: 'begins_with(contactId, :line)',
          ExpressionAttributeValues: { ':v': visitorId, ':line': `${lineKey}.` },
          ScanIndexForward: false,
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          // an ended chat not yet moved off its line shows twice: once is enough
          if (found.some((chat) => chat.contactId === item.contactId)) continue;
          found.push({ contactId: String(item.contactId), status: item.status as ContactStatus, createdAt: String(item.createdAt) });
        }
        read += page.ScannedCount ?? 0;
        if (found.length >= limit || read >= maxEntries) break;
      }
      return found.slice(0, limit);
    },

    pageByVisitor(visitorId, limit, after) {
      return page(
        { IndexName: 'byVisitor', KeyConditionExpression: 'visitorId = :v', ExpressionAttributeValues: { ':v': visitorId }, ScanIndexForward: false },
        limit,
        after && { pk: after.pk, visitorId, createdAt: after.at },
      );
    },
  };
}
