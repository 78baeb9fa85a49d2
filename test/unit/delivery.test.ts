/** Fan-out and clean-up of pushes, with the fake management API (test/support) and fake identity items. */
import { delivery } from '../../lib/realtime/delivery';
import type { Connection, IdentityItem } from '../../lib/store/identity-store';
import { fakeManagementApi } from '../support/fake-management-api';

/** Identity items listing connections that opened `ageMs` ago. */
function fakeIdentities(byIdentity: Record<string, string[]>, ageMs = 60_000) {
  const dropped: string[] = [];
  const item = (pk: string, ids: string[]): IdentityItem => ({ pk, conns: new Set(ids), ...Object.fromEntries(ids.map((id) => [`at_${id}`, Date.now() - ageMs])) });
  return {
    dropped,
    store: {
      getMany: async (identities: { role: string; userId: string }[]) =>
        new Map(
          identities
            .map(({ role, userId }) => `${role}#${userId}`)
            .filter((pk) => byIdentity[pk])
            .map((pk) => [pk, item(pk, byIdentity[pk] as string[])]),
        ),
      dropConnections: async (_identity: unknown, connections: Connection[]) => {
        dropped.push(...connections.map((c) => c.connectionId));
      },
    },
  };
}

const quietLog = { info: () => undefined, warn: () => undefined };
const TTL = 2 * 60 * 60 * 1000;

describe('delivery', () => {
  test('an identity gets the frame on every connection but the excepted one', async () => {
    const { client, posts } = fakeManagementApi();
    const { store } = fakeIdentities({ 'seller#s1': ['a', 'b', 'c'] });
    const push = delivery({ client, identities: store, connectionTtlMs: TTL, log: quietLog });
    const reached = await push.tell([{ role: 'seller', userId: 's1' }], { action: 'x' }, 'b');
    expect(reached.get('seller#s1')).toBe(2);
    expect(posts.map((p) => p.connectionId).sort()).toEqual(['a', 'c']);
  });

  test('a gone connection is dropped from its identity, a failing one is skipped, the others still get the frame', async () => {
    const { client, posts } = fakeManagementApi().answerNext('a', 'gone').answerNext('b', 'fail');
    const { store, dropped } = fakeIdentities({ 'visitor#v1': ['a', 'b', 'c'] });
    const push = delivery({ client, identities: store, connectionTtlMs: TTL, log: quietLog });
    expect((await push.tell([{ role: 'visitor', userId: 'v1' }], { action: 'x' })).get('visitor#v1')).toBe(1);
    expect(dropped).toEqual(['a']);
    expect(posts.map((p) => p.connectionId)).toEqual(['c']);
  });

  test('a connection too young to be stale (still inside $connect) is not dropped on a 410', async () => {
    const { client } = fakeManagementApi().answerNext('young', 'gone');
    const { store, dropped } = fakeIdentities({ 'visitor#v1': ['young'] }, 1000);
    const push = delivery({ client, identities: store, connectionTtlMs: TTL, log: quietLog });
    await push.tell([{ role: 'visitor', userId: 'v1' }], { action: 'x' });
    expect(dropped).toEqual([]);
  });

  test('connections older than the TTL are not pushed to at all (API Gateway closed them)', async () => {
    const { client, posts } = fakeManagementApi();
    const { store } = fakeIdentities({ 'seller#s1': ['old'] }, TTL + 1000);
    const push = delivery({ client, identities: store, connectionTtlMs: TTL, log: quietLog });
    expect((await push.tell([{ role: 'seller', userId: 's1' }], { action: 'x' })).get('seller#s1')).toBe(0);
    expect(posts).toEqual([]);
  });

  test('visitor and seller namespaces stay apart: tell reaches each identity once', async () => {
    const { client, posts } = fakeManagementApi();
    const { store } = fakeIdentities({ 'visitor#42': ['v'], 'seller#42': ['s'] });
    const push = delivery({ client, identities: store, connectionTtlMs: TTL, log: quietLog });
    await push.tell([{ role: 'seller', userId: '42' }], { action: 'y' });
    expect(posts).toEqual([{ connectionId: 's', frame: { action: 'y' } }]);
  });

  test('a new connection is retried while it answers 410, and given up after the wait', async () => {
    const { client, posts } = fakeManagementApi().answerNext('fresh', 'gone', 'gone').answerAlways('never', 'gone');
    const { store, dropped } = fakeIdentities({});
    const push = delivery({ client, identities: store, connectionTtlMs: TTL, log: quietLog });
    expect(await push.toNewConnection('fresh', { action: 'connected' })).toBe(true);
    expect(posts).toEqual([{ connectionId: 'fresh', frame: { action: 'connected' } }]);
    expect(await push.toNewConnection('never', { action: 'connected' }, 100)).toBe(false);
    expect(dropped).toEqual([]);
  });
});
