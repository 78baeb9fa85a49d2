/**
 * Who is connected: every visitor and seller has one item in the routing table holding its
 * connections (the string set `conns`, which one ADD or DELETE keeps, and beside it `at_<id>`, when
 * each connected) and the chats with messages it has not been sent yet. Fan-out reads these items
 * (one BatchGetItem for both sides of a chat), never a connection index.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '../model/identity';
import { isConditionFailure, unlessConditionFails } from '../platform/errors';
import { batchGetAll } from './batch';
import { identityKey, routingKeys } from './keys';
import { UpdateBuilder } from './update-builder';

/** An identity's item, as far as connections and pending delivery go (sellers and visitors add their own fields). */
export interface IdentityItem extends Record<string, unknown> {
  pk: string;
  conns?: Set<string>;
  /** contactId → the first seq this identity has not been sent */
  pending?: Record<string, number>;
}

export interface Connection {
  connectionId: string;
  connectedAt: number;
}

/** The attribute that holds when a connection connected (a top-level attribute: it needs no map to exist first). */
const connectedAtAttribute = (connectionId: string) => `at_${connectionId}`;

/** Every connection an item lists, with when it connected (now, when that is not known). */
export function connectionsOf(item: IdentityItem | undefined, now = Date.now()): Connection[] {
  return [...(item?.conns ?? [])].map((connectionId) => ({ connectionId, connectedAt: Number(item?.[connectedAtAttribute(connectionId)] ?? now) }));
}

/** The connections of an item younger than `ttlMs` (API Gateway closes every socket after 2 h). */
export function liveConnections(item: IdentityItem | undefined, ttlMs: number, now = Date.now()): Connection[] {
  return connectionsOf(item, now).filter((connection) => now - connection.connectedAt < ttlMs);
}

export interface IdentityStore {
  /**
   * Adds a connection to the identity's item, unless it already holds `maxConnections` (then
   * `admitted: false`). `extra` adds to the same write (a seller's teams and capacity). Returns the
   * attributes the write set as they were before (teams, presence, the pending marks).
   */
  register(
    identity: Identity,
    connection: Connection,
    options: { maxConnections: number; ttlMs: number; ticketSeq?: number; extra?: (update: UpdateBuilder) => void },
  ): Promise<{ admitted: true; before: IdentityItem | undefined } | { admitted: false; live: number } | { admitted: false; ticketUsed: true }>;
  /** Drops a connection; returns the item as it is after (undefined when there is none). */
  unregister(identity: Identity, connection: Pick<Connection, 'connectionId'>): Promise<IdentityItem | undefined>;
  /**
   * Drops a connection only when it is the last the item lists and the `chats` map is not empty,
   * with `extra` in the same write; returns the item after, or undefined when that was not so (then
   * nothing changed).
   */
  unregisterLastWithChats(identity: Identity, connection: Pick<Connection, 'connectionId'>, extra: (update: UpdateBuilder) => void): Promise<IdentityItem | undefined>;
  get(identity: Identity): Promise<IdentityItem | undefined>;
  /**
   * The items of several identities in one request, by identityKey. Strongly consistent unless
   * `consistent: false`: then a connection registered a moment ago, or a mark just written, may be missing.
   */
  getMany(identities: Identity[], options?: { consistent?: boolean }): Promise<Map<string, IdentityItem>>;
  /** Notes that `contactId` has messages from `fromSeq` on that this identity was not sent; returns the item after. */
  markPending(identity: Identity, contactId: string, fromSeq: number): Promise<IdentityItem | undefined>;
  /** Forgets a pending chat, unless a newer mark replaced `fromSeq` meanwhile. */
  clearPending(identity: Identity, contactId: string, fromSeq: number): Promise<void>;
  /** Removes connections the management API called gone. */
  dropConnections(identity: Identity, connections: Connection[]): Promise<void>;
}

/** The maps every identity item carries, created (if missing) by any write that may come first. */
export function ensureMaps(update: UpdateBuilder, ...maps: string[]): void {
  for (const map of maps) {
    const path = update.name(map);
    update.set(path, `if_not_exists(${path}, ${update.value({})})`);
  }
}

/**
 * Runs a write that sets keys inside maps; when the item or a map does not exist yet (DynamoDB
 * answers ValidationException for such a path), creates the maps and runs the write again.
 */
export async function creatingMaps<T>(run: () => Promise<T>, createMaps: () => Promise<unknown>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as { name?: string }).name !== 'ValidationException') throw error;
    await createMaps();
    return run();
  }
}

/** The parts of a write that drop `connection` from an existing item. */
function dropping(update: UpdateBuilder, connection: Pick<Connection, 'connectionId'>): void {
  update.when(`attribute_exists(${update.name('pk')})`);
  update.deleteFromSet('conns', connection.connectionId);
  update.remove(update.name(connectedAtAttribute(connection.connectionId)));
  update.set(update.name('lastSeenAt'), update.value(new Date().toISOString()));
}

export function identityStore(db: DynamoDBDocumentClient, table: string): IdentityStore {
  const write = async (identity: Identity, build: (update: UpdateBuilder) => void, returnValues: 'ALL_NEW' | 'UPDATED_OLD' | 'NONE' = 'ALL_NEW') => {
    const update = new UpdateBuilder();
    build(update);
    const answer = await db.send(new UpdateCommand({ TableName: table, Key: routingKeys.identity(identity), ...update.build(), ReturnValues: returnValues }));
    return answer.Attributes as IdentityItem | undefined;
  };

  const store: IdentityStore = {
    async register(identity, connection, options) {
      const now = Date.now();
      try {
        const before = await write(
          identity,
          (update) => {
            const conns = update.name('conns');
            // a limit on what the set holds, stale entries included: they are pruned below when they are in the way
            update.when(`attribute_not_exists(${conns}) OR size(${conns}) < ${update.value(options.maxConnections)}`);
            if (options.ticketSeq !== undefined) {
              // a ticket opens one socket: only one issued after the last redeemed one is let in
              const ticket = update.name('ticketSeq');
              update.when(`attribute_not_exists(${ticket}) OR ${ticket} < ${update.value(options.ticketSeq)}`);
              update.set(ticket, update.value(options.ticketSeq));
            }
            update.set(update.name('lastSeenAt'), update.value(new Date(now).toISOString()));
            ensureMaps(update, 'pending', 'chats');
            // ADD creates the set when missing, so one write registers the first connection too
            update.addToSet('conns', connection.connectionId);
            update.set(update.name(connectedAtAttribute(connection.connectionId)), update.value(connection.connectedAt));
            options.extra?.(update);
          },
          // what the write replaced: a seller's teams as they were, and the pending marks (touched by ensureMaps)
          'UPDATED_OLD',
        );
        return { admitted: true, before };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // at the limit: connections whose $disconnect never came may hold places; drop the expired ones and try once more
      const item = await store.get(identity);
      if (options.ticketSeq !== undefined && Number(item?.ticketSeq ?? -1) >= options.ticketSeq) return { admitted: false, ticketUsed: true };
      const live = liveConnections(item, options.ttlMs, now);
      const expired = connectionsOf(item, now).filter((c) => !live.some((l) => l.connectionId === c.connectionId));
      if (expired.length === 0 || live.length >= options.maxConnections) return { admitted: false, live: live.length };
      await store.dropConnections(identity, expired);
      return store.register(identity, connection, options);
    },

    async unregister(identity, connection) {
      try {
        return await write(identity, (update) => dropping(update, connection));
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async unregisterLastWithChats(identity, connection, extra) {
      return unlessConditionFails(
        write(identity, (update) => {
          const conns = update.name('conns');
          const chats = update.name('chats');
          update.when(`size(${conns}) = ${update.value(1)} AND contains(${conns}, ${update.value(connection.connectionId)})`);
          update.when(`size(${chats}) > ${update.value(0)}`);
          dropping(update, connection);
          extra(update);
        }),
      );
    },

    async get(identity) {
      const answer = await db.send(new GetCommand({ TableName: table, Key: routingKeys.identity(identity), ConsistentRead: true }));
      return answer.Item as IdentityItem | undefined;
    },

    async getMany(identities, options) {
      const unique = [...new Map(identities.map((identity) => [identityKey(identity), identity])).values()];
      const items = (await batchGetAll(db, table, unique.map(routingKeys.identity), options?.consistent ?? true)) as IdentityItem[];
      return new Map(items.map((item) => [item.pk, item]));
    },

    async markPending(identity, contactId, fromSeq) {
      const mark = (update: UpdateBuilder) => {
        const entry = update.path('pending', contactId);
        // the lowest undelivered seq stays: later messages are behind it anyway, and a retried
        // message stored late may sit below a mark already there
        const seq = update.value(fromSeq);
        update.when(`attribute_not_exists(${entry}) OR ${entry} > ${seq}`);
        update.set(entry, seq);
      };
      // an identity that never connected may have no item, or no map yet; a lower mark already there is refused by the condition
      return unlessConditionFails(
        creatingMaps(
          () => write(identity, mark),
          () => write(identity, (update) => ensureMaps(update, 'pending'), 'NONE'),
        ),
      );
    },

    async clearPending(identity, contactId, fromSeq) {
      await unlessConditionFails(
        write(
          identity,
          (update) => {
            const entry = update.path('pending', contactId);
            update.when(`${entry} = ${update.value(fromSeq)}`);
            update.remove(entry);
          },
          'NONE',
        ),
      );
    },

    async dropConnections(identity, connections) {
      if (connections.length === 0) return;
      await write(
        identity,
        (update) => {
          update.deleteFromSet('conns', ...connections.map((c) => c.connectionId));
          for (const c of connections) update.remove(update.name(connectedAtAttribute(c.connectionId)));
        },
        'NONE',
      );
    },
  };
  return store;
}
