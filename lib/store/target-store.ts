/**
 * A target's items in the routing table: what InitChat's `sellerId` names, a seller or a team. One
 * holds a team's members (recorded from their tokens when they connect); a small one beside it
 * holds `queued`, how many chats wait in the target's queue, so a connecting seller queries only
 * queues that have chats. They are apart because the count is written at every queue entry and
 * exit, and a write is billed (and limited per partition) on the size of the item it changes:
 * with a 200-member team in the same item, a flash sale's queue would pass 1,000 write units a
 * second on that one item (docs/scaling.md).
 * `queued` is raised before a chat enters the queue and lowered after it leaves, so a crash in
 * between leaves it too high (one needless query), never too low (a chat nobody looks for).
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessConditionFails } from '../platform/errors';
import { batchGetAll } from './batch';
import { routingKeys } from './keys';
import { UpdateBuilder } from './update-builder';

/** A target as the stores read it: its members and its queue's count, from its two items. */
export interface TargetItem extends Record<string, unknown> {
  pk: string;
  /** sellerId → when it joined (a team's members) */
  members?: Record<string, string>;
  queued?: number;
}

export const targetIdOf = (item: TargetItem) => item.pk.slice('target#'.length);

export interface TargetStore {
  getMany(targetIds: string[]): Promise<Map<string, TargetItem>>;
  /** Adds a seller to teams and takes it out of others (its token's teams changed). */
  updateMembership(sellerId: string, joined: string[], left: string[]): Promise<void>;
  /** Moves the count of chats waiting in `targetId`'s queue by `delta`, never below zero; the count after (a new chat's place in the queue). */
  countQueued(targetId: string, delta: 1 | -1): Promise<number | undefined>;
  /** Sets the count back to 0 when it still says `seen` (a query found the queue empty). */
  resetQueued(targetId: string, seen: number): Promise<void>;
}

export function targetStore(db: DynamoDBDocumentClient, table: string): TargetStore {
  const writeTo = (key: (targetId: string) => { pk: string; sk: string }) => (targetId: string, build: (update: UpdateBuilder) => void, returnValues?: 'UPDATED_NEW') => {
    const update = new UpdateBuilder();
    build(update);
    return db.send(new UpdateCommand({ TableName: table, Key: key(targetId), ...update.build(), ...(returnValues ? { ReturnValues: returnValues } : {}) }));
  };
  const write = writeTo(routingKeys.target);
  const writeQueue = writeTo(routingKeys.targetQueue);

  return {
    async getMany(targetIds) {
      const ids = [...new Set(targetIds)];
      const items = (await batchGetAll(
        db,
        table,
        ids.flatMap((id) => [routingKeys.target(id), routingKeys.targetQueue(id)]),
      )) as (TargetItem & { sk?: string })[];
      const targets = new Map<string, TargetItem>();
      for (const item of items) {
        const id = targetIdOf(item);
        const merged = targets.get(id) ?? { pk: item.pk };
        if (item.sk === 'queue') merged.queued = Number(item.queued ?? 0);
        else if (item.members) merged.members = item.members;
        targets.set(id, merged);
      }
      return targets;
    },

    async updateMembership(sellerId, joined, left) {
      const now = new Date().toISOString();
      await Promise.all([
        ...joined.map((teamId) =>
          write(teamId, (update) => {
            const members = update.name('members');
            update.set(members, `if_not_exists(${members}, ${update.value({})})`);
          }).then(() => write(teamId, (update) => update.set(update.path('members', sellerId), update.value(now)))),
        ),
        ...left.map((teamId) =>
          unlessConditionFails(
            write(teamId, (update) => {
              update.when(`attribute_exists(${update.name('members')})`);
              update.remove(update.path('members', sellerId));
            }),
          ),
        ),
      ]);
    },

    async countQueued(targetId, delta) {
      const answer = await unlessConditionFails(
        writeQueue(
          targetId,
          (update) => {
            const queued = update.name('queued');
            if (delta < 0) update.when(`${queued} > ${update.value(0)}`);
            update.set(queued, `if_not_exists(${queued}, ${update.value(0)}) + ${update.value(delta)}`);
          },
          'UPDATED_NEW',
        ),
      );
      const count = answer?.Attributes?.queued;
      return count === undefined ? undefined : Number(count);
    },

    async resetQueued(targetId, seen) {
      await unlessConditionFails(
        writeQueue(targetId, (update) => {
          const queued = update.name('queued');
          update.when(`${queued} = ${update.value(seen)}`);
          update.set(queued, update.value(0));
        }),
      );
    },
  };
}
