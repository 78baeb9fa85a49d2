/**
 * A target's item in the routing table: what InitChat's `sellerId` names, a seller or a team. It
 * holds a team's members (recorded from their tokens when they connect) and `queued`, how many
 * chats wait in the target's queue, so a connecting seller queries only queues that have chats.
 * `queued` is raised before a chat enters the queue and lowered after it leaves, so a crash in
 * between leaves it too high (one needless query), never too low (a chat nobody looks for).
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessConditionFails } from '../platform/errors';
import { batchGetAll } from './batch';
import { routingKeys } from './keys';
import { UpdateBuilder } from './update-builder';

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
  /** Moves the count of chats waiting in `targetId`'s queue by `delta`; never below zero. */
  countQueued(targetId: string, delta: 1 | -1): Promise<void>;
  /** Sets the count back to 0 when it still says `seen` (a query found the queue empty). */
  resetQueued(targetId: string, seen: number): Promise<void>;
}

export function targetStore(db: DynamoDBDocumentClient, table: string): TargetStore {
  const write = (targetId: string, build: (update: UpdateBuilder) => void) => {
    const update = new UpdateBuilder();
    build(update);
    return db.send(new UpdateCommand({ TableName: table, Key: routingKeys.target(targetId), ...update.build() }));
  };

  return {
    async getMany(targetIds) {
      const items = (await batchGetAll(db, table, [...new Set(targetIds)].map(routingKeys.target))) as TargetItem[];
      return new Map(items.map((item) => [targetIdOf(item), item]));
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
      await unlessConditionFails(
        write(targetId, (update) => {
          const queued = update.name('queued');
          if (delta < 0) update.when(`${queued} > ${update.value(0)}`);
          update.set(queued, `if_not_exists(${queued}, ${update.value(0)}) + ${update.value(delta)}`);
        }),
      );
    },

    async resetQueued(targetId, seen) {
      await unlessConditionFails(
        write(targetId, (update) => {
          const queued = update.name('queued');
          update.when(`${queued} = ${update.value(seen)}`);
          update.set(queued, update.value(0));
        }),
      );
    },
  };
}
