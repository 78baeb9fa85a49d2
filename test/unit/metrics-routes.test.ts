/** The metrics each route emits, read from the container's EMF line after the route's work. */
import type { PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { metrics } from '../../lib/platform/metrics';
import { delivery } from '../../lib/realtime/delivery';
import { registerConnection } from '../../lib/realtime/registration';
import type { IdentityItem } from '../../lib/store/identity-store';

/** The EMF line of what the work recorded, parsed; fails the test when nothing was recorded. */
function emitted(route: string, work: () => Promise<unknown>): Promise<Record<string, any>> {
  metrics.takeLine(); // what earlier tests left
  metrics.useRoute(route);
  return work().then(() => {
    const line = metrics.takeLine();
    if (!line) throw new Error('no metrics line');
    return JSON.parse(line) as Record<string, any>;
  });
}

const TTL = 2 * 60 * 60 * 1000;
const quietLog = { info: () => undefined, warn: () => undefined };

test('delivery counts pushes to gone connections and pushes that failed, never per message', async () => {
  const client = {
    send: async (command: PostToConnectionCommand) => {
      if (command.input.ConnectionId === 'gone') throw Object.assign(new Error('gone'), { name: 'GoneException', $metadata: { httpStatusCode: 410 } });
      if (command.input.ConnectionId === 'broken') throw Object.assign(new Error('boom'), { $metadata: { httpStatusCode: 500 } });
      return {};
    },
  };
  const old = Date.now() - 60_000;
  const item: IdentityItem = { pk: 'seller#s1', conns: new Set(['ok', 'gone', 'broken']), at_ok: old, at_gone: old, at_broken: old };
  const identities = { getMany: async () => new Map([['seller#s1', item]]), dropConnections: async () => undefined };
  const push = delivery({ client: client as never, identities, connectionTtlMs: TTL, log: quietLog });
  const line = await emitted('sendMessage', () => push.tell([{ role: 'seller', userId: 's1' }], { action: 'x' }));
  expect(line).toMatchObject({ route: 'sendMessage', PushesGone: 1, PushesFailed: 1 });
  expect(line._aws.CloudWatchMetrics[0].Dimensions).toEqual([['stage', 'route'], ['stage']]);
});

test('$connect counts the connections it opens, per role', async () => {
  const identities = { register: async () => ({ admitted: true as const, before: undefined }) };
  const deps = { identities, targets: { updateMembership: async () => undefined }, settings: { limits: { maxConnectionsPerIdentity: 10, connectionTtlSeconds: 7200, maxChatsPerSeller: 5 } } };
  const line = await emitted('$connect', async () => {
    await registerConnection(deps as never, { role: 'visitor', userId: 'vs.a' }, { connectionId: 'c1', connectedAt: Date.now() });
    await registerConnection(deps as never, { role: 'visitor', userId: 'vs.b' }, { connectionId: 'c2', connectedAt: Date.now() });
    await registerConnection(deps as never, { role: 'seller', userId: 's1', teams: [] }, { connectionId: 'c3', connectedAt: Date.now() });
  });
  expect(line).toMatchObject({ route: '$connect', VisitorConnectionsOpened: 2, SellerConnectionsOpened: 1 });
  expect(line).not.toHaveProperty('userId');
});
