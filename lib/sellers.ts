/** Seller state in the routing table: active chat counts (capacity) and team membership. */
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, QueryCommand, UpdateCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessConditionFails } from './errors';

export interface SellerState {
  sellerId: string;
  activeChats: number;
  maxChats: number;
  /** ISO time of the last assignment; the oldest goes next on a tie (round robin). */
  lastAssignedAt: string;
  /** An away seller gets no new chats. */
  away?: boolean;
}

export type Presence = 'online' | 'away';

/** Everything the routing table knows of one seller. */
export interface SellerRecord {
  sellerId: string;
  teams: string[];
  maxChats?: number;
  activeChats: number;
  presence: Presence;
  /** When the seller set `away`; cleared by `online`. */
  awaySince?: string;
  /** When its last connection closed; cleared by its next connection. */
  offlineSince?: string;
}

export interface SellerStore {
  /** Records a seller's teams and capacity as its token states them; called on every seller connect. */
  recordSeller(sellerId: string, teams: string[], maxChats: number): Promise<void>;
  teamMembers(teamId: string): Promise<string[]>;
  states(sellerIds: string[], defaultMaxChats: number): Promise<SellerState[]>;
  /** Takes one chat slot if the seller is below its capacity; false when full. Atomic across Lambdas. */
  reserveSlot(sellerId: string, defaultMaxChats: number): Promise<boolean>;
  releaseSlot(sellerId: string): Promise<void>;
}

/** Presence and the whole seller record; kept apart so capacity-only fakes stay small. */
export interface SellerPresenceStore {
  get(sellerId: string): Promise<SellerRecord | undefined>;
  setPresence(sellerId: string, presence: Presence): Promise<void>;
  /** Records that the seller's last connection closed. */
  markOffline(sellerId: string): Promise<void>;
}

const sellerKey = (sellerId: string) => ({ pk: `seller#${sellerId}`, sk: 'state' });

export function sellerStore(db: DynamoDBDocumentClient, table: string): SellerStore & SellerPresenceStore {
  return {
    async recordSeller(sellerId, teams, maxChats) {
      await Promise.all([
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: sellerKey(sellerId),
            UpdateExpression:
              'SET sellerId = :id, teams = :teams, maxChats = :max, lastSeenAt = :now, ' +
              'activeChats = if_not_exists(activeChats, :zero), lastAssignedAt = if_not_exists(lastAssignedAt, :epoch) ' +
              'REMOVE offlineSince',
            ExpressionAttributeValues: {
              ':id': sellerId,
              ':teams': teams,
              ':max': maxChats,
              ':now': new Date().toISOString(),
              ':zero': 0,
              ':epoch': new Date(0).toISOString(),
            },
          }),
        ),
        ...teams.map((teamId) =>
          db.send(
            new PutCommand({
              TableName: table,
              Item: { pk: `team#${teamId}`, sk: `member#${sellerId}`, sellerId, teamId },
            }),
          ),
        ),
      ]);
    },

    async teamMembers(teamId) {
      const members: string[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
            ExpressionAttributeValues: { ':pk': `team#${teamId}`, ':member': 'member#' },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) members.push(item.sellerId as string);
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return members;
    },

    async states(sellerIds, defaultMaxChats) {
      if (sellerIds.length === 0) return [];
      const found = new Map<string, Record<string, unknown>>();
      // BatchGet takes at most 100 keys
      for (let i = 0; i < sellerIds.length; i += 100) {
        let keys: Record<string, unknown>[] | undefined = sellerIds.slice(i, i + 100).map(sellerKey);
        while (keys?.length) {
          const answer: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
          for (const item of answer.Responses?.[table] ?? []) found.set(item.sellerId as string, item);
          keys = answer.UnprocessedKeys?.[table]?.Keys;
        }
      }
      return sellerIds.map((sellerId) => {
        const item = found.get(sellerId);
        return {
          sellerId,
          activeChats: Number(item?.activeChats ?? 0),
          maxChats: Number(item?.maxChats ?? defaultMaxChats),
          lastAssignedAt: String(item?.lastAssignedAt ?? new Date(0).toISOString()),
          away: item?.presence === 'away',
        };
      });
    },

    async reserveSlot(sellerId, defaultMaxChats) {
      return (await unlessConditionFails(db.send(
        new UpdateCommand({
          TableName: table,
          Key: sellerKey(sellerId),
          UpdateExpression:
            'SET activeChats = if_not_exists(activeChats, :zero) + :one, lastAssignedAt = :now, sellerId = :id',
          ConditionExpression:
            'attribute_not_exists(activeChats) OR activeChats < maxChats OR (attribute_not_exists(maxChats) AND activeChats < :defaultMax)',
          ExpressionAttributeValues: {
            ':zero': 0,
            ':one': 1,
            ':now': new Date().toISOString(),
            ':id': sellerId,
            ':defaultMax': defaultMaxChats,
          },
        }),
      ))) !== undefined;
    },

    async get(sellerId) {
      const answer = await db.send(new GetCommand({ TableName: table, Key: sellerKey(sellerId), ConsistentRead: true }));
      const item = answer.Item;
      if (!item) return undefined;
      return {
        sellerId,
        teams: Array.isArray(item.teams) ? (item.teams as string[]) : [],
        maxChats: typeof item.maxChats === 'number' ? item.maxChats : undefined,
        activeChats: Number(item.activeChats ?? 0),
        presence: item.presence === 'away' ? 'away' : 'online',
        awaySince: item.awaySince as string | undefined,
        offlineSince: item.offlineSince as string | undefined,
      };
    },

    async setPresence(sellerId, presence) {
      const now = new Date().toISOString();
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: sellerKey(sellerId),
          // away keeps the first awaySince: saying "away" twice must not restart the grace period
          UpdateExpression:
            presence === 'away'
              ? 'SET presence = :p, awaySince = if_not_exists(awaySince, :now), sellerId = :id'
              : 'SET presence = :p, sellerId = :id REMOVE awaySince',
          ExpressionAttributeValues: presence === 'away' ? { ':p': presence, ':now': now, ':id': sellerId } : { ':p': presence, ':id': sellerId },
        }),
      );
    },

    async markOffline(sellerId) {
      await unlessConditionFails(db.send(
        new UpdateCommand({
          TableName: table,
          Key: sellerKey(sellerId),
          UpdateExpression: 'SET offlineSince = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        }),
      ));
    },

    async releaseSlot(sellerId) {
      await unlessConditionFails(db.send(
        new UpdateCommand({
          TableName: table,
          Key: sellerKey(sellerId),
          UpdateExpression: 'SET activeChats = activeChats - :one',
          ConditionExpression: 'activeChats > :zero',
          ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
        }),
      ));
    },
  };
}
