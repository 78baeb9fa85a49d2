/**
 * A seller's item in the routing table: besides its connections (identity-store), its teams and
 * capacity as its token states them, its presence, and `chats`: the chats assigned to it, each
 * with its visitor. A slot is one entry in that map, taken and given back by key, so the count
 * can never drift: reserving is `SET chats.<contactId>` under `size(chats) < maxChats`.
 */
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessConditionFails } from '../platform/errors';
import { batchGetAll } from './batch';
import { liveConnections, type IdentityItem } from './identity-store';
import { routingKeys } from './keys';
import { UpdateBuilder } from './update-builder';

export type Presence = 'online' | 'away';

/** A seller's item as stored. */
export interface SellerItem extends IdentityItem {
  sellerId?: string;
  teams?: string[];
  maxChats?: number;
  presence?: Presence;
  /** When the seller set `away`; cleared by `online`. */
  awaySince?: string;
  /** Set while the seller is away or offline, so the grace-period sweep finds it by index. */
  goneShard?: string;
  goneAt?: string;
  /** contactId → visitorId of every chat assigned to it */
  chats?: Record<string, string>;
  lastAssignedAt?: string;
  lastSeenAt?: string;
}

/** Everything the routing table knows of one seller, as the domain reads it. */
export interface SellerRecord {
  sellerId: string;
  teams: string[];
  maxChats?: number;
  activeChats: number;
  presence: Presence;
  awaySince?: string;
  /** contactId → visitorId of its assigned chats */
  chats: Record<string, string>;
  /** Live connection ids. */
  connectionIds: string[];
  /** When its last connection closed, if none is open now. */
  offlineSince?: string;
}

export function sellerRecord(sellerId: string, item: SellerItem | undefined, ttlMs: number): SellerRecord | undefined {
  if (!item) return undefined;
  const connectionIds = liveConnections(item, ttlMs).map((c) => c.connectionId);
  return {
    sellerId,
    teams: Array.isArray(item.teams) ? item.teams : [],
    maxChats: typeof item.maxChats === 'number' ? item.maxChats : undefined,
    activeChats: Object.keys(item.chats ?? {}).length,
    presence: item.presence === 'away' ? 'away' : 'online',
    awaySince: item.awaySince,
    chats: item.chats ?? {},
    connectionIds,
    offlineSince: connectionIds.length ? undefined : item.lastSeenAt,
  };
}

/** The parts of a seller's connect that its token decides, for identity-store's register to add to its write. */
export function recordSellerOnConnect(update: UpdateBuilder, sellerId: string, teams: string[], maxChats: number): void {
  update.set(update.name('sellerId'), update.value(sellerId));
  update.set(update.name('teams'), update.value(teams));
  update.set(update.name('maxChats'), update.value(maxChats));
  const presence = update.name('presence');
  update.set(presence, `if_not_exists(${presence}, ${update.value('online')})`);
  const lastAssigned = update.name('lastAssignedAt');
  update.set(lastAssigned, `if_not_exists(${lastAssigned}, ${update.value(new Date(0).toISOString())})`);
}

export interface SellerStore {
  get(sellerId: string): Promise<SellerItem | undefined>;
  getMany(sellerIds: string[]): Promise<Map<string, SellerItem>>;
  /** Takes a slot for `contactId` if the seller is below its capacity and not away; false otherwise. */
  reserve(sellerId: string, contactId: string, visitorId: string): Promise<boolean>;
  /** Gives the slot of `contactId` back (nothing happens when it was not taken). */
  release(sellerId: string, contactId: string): Promise<void>;
  /** Stores the presence the seller chose; `away` makes it a candidate for the grace-period sweep. Returns the item after. */
  setPresence(sellerId: string, presence: Presence): Promise<SellerItem>;
  /** Lists a seller whose last connection closed for the grace-period sweep. */
  markGone(sellerId: string, since: string): Promise<void>;
  /** Takes a seller off the sweep's list (it is back, or has no chats left), unless it was marked again since `seen`. */
  clearGone(sellerId: string, seen: string): Promise<void>;
  /** Sellers gone (away or offline) since before `before`, oldest first, from the sparse byGone index. */
  goneBefore(before: string, limit: number): Promise<{ sellerId: string; goneAt: string }[]>;
}

/** The sparse byGone index: sellers that went away or offline, one partition (a few writes per seller and day). */
export const GONE_SHARD = 'gone';

/** The part of a write to a seller's item that lists it for the grace-period sweep. */
export function listGone(update: UpdateBuilder, since: string): void {
  update.set(update.name('goneShard'), update.value(GONE_SHARD));
  update.set(update.name('goneAt'), update.value(since));
}

export function sellerStore(db: DynamoDBDocumentClient, table: string): SellerStore {
  const write = (sellerId: string, build: (update: UpdateBuilder) => void, returnValues: 'NONE' | 'ALL_NEW' = 'NONE') => {
    const update = new UpdateBuilder();
    build(update);
    return db.send(new UpdateCommand({ TableName: table, Key: routingKeys.sellerState(sellerId), ...update.build(), ReturnValues: returnValues }));
  };

  return {
    async get(sellerId) {
      const answer = await db.send(new GetCommand({ TableName: table, Key: routingKeys.sellerState(sellerId), ConsistentRead: true }));
      return answer.Item as SellerItem | undefined;
    },

    async getMany(sellerIds) {
      const items = (await batchGetAll(db, table, [...new Set(sellerIds)].map(routingKeys.sellerState))) as SellerItem[];
      return new Map(items.map((item) => [String(item.sellerId ?? item.pk.slice('seller#'.length)), item]));
    },

    async reserve(sellerId, contactId, visitorId) {
      const taken = await unlessConditionFails(
        write(sellerId, (update) => {
          const chats = update.name('chats');
          const slot = update.path('chats', contactId);
          update.when(`attribute_not_exists(${slot}) AND size(${chats}) < ${update.name('maxChats')} AND ${update.name('presence')} <> ${update.value('away')}`);
          update.set(slot, update.value(visitorId));
          update.set(update.name('lastAssignedAt'), update.value(new Date().toISOString()));
        }),
      );
      return taken !== undefined;
    },

    async release(sellerId, contactId) {
      await unlessConditionFails(
        write(sellerId, (update) => {
          update.when(`attribute_exists(${update.name('chats')})`);
          update.remove(update.path('chats', contactId));
        }),
      );
    },

    async setPresence(sellerId, presence) {
      const answer = await write(
        sellerId,
        (update) => {
          update.set(update.name('presence'), update.value(presence));
          update.set(update.name('sellerId'), update.value(sellerId));
          const awaySince = update.name('awaySince');
          const goneAt = update.name('goneAt');
          if (presence === 'away') {
            // away keeps the first awaySince: saying "away" twice must not restart the grace period
            const now = update.value(new Date().toISOString());
            update.set(awaySince, `if_not_exists(${awaySince}, ${now})`);
            update.set(update.name('goneShard'), update.value(GONE_SHARD));
            update.set(goneAt, `if_not_exists(${goneAt}, ${now})`);
          } else {
            update.remove(awaySince);
            update.remove(update.name('goneShard'));
            update.remove(goneAt);
          }
        },
        'ALL_NEW',
      );
      return answer.Attributes as SellerItem;
    },

    async markGone(sellerId, since) {
      // a connection that opens meanwhile does not undo this: the sweep looks at the seller itself before it moves anything
      await write(sellerId, (update) => listGone(update, since));
    },

    async clearGone(sellerId, seen) {
      await unlessConditionFails(
        write(sellerId, (update) => {
          update.when(`${update.name('goneAt')} = ${update.value(seen)}`);
          update.remove(update.name('goneShard'));
          update.remove(update.name('goneAt'));
        }),
      );
    },

    async goneBefore(before, limit) {
      const answer = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'byGone',
          KeyConditionExpression: 'goneShard = :shard AND goneAt < :before',
          ExpressionAttributeValues: { ':shard': GONE_SHARD, ':before': before },
          Limit: limit,
        }),
      );
      return (answer.Items ?? []).map((item) => ({ sellerId: String(item.pk).slice('seller#'.length), goneAt: String(item.goneAt) }));
    },
  };
}
