/** The metrics each route emits, read from the container's EMF line after the route's work. */
import type { EmfOutput } from '@aws-lambda-powertools/metrics/types';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Identity } from '../../lib/model/identity';
import { sendChatMessage, type MessageDeps } from '../../lib/chat/send-message';
import { startChat, type StartChatDeps } from '../../lib/chat/start-chat';
import { httpHandler } from '../../lib/lambda-adapters/http-adapter';
import { wsHandler } from '../../lib/lambda-adapters/ws-adapter';
import { badRequest, forbidden, notFound, rateLimited, unauthorized } from '../../lib/platform/errors';
import { metrics } from '../../lib/platform/metrics';
import { omit } from '../../lib/platform/omit';
import { delivery } from '../../lib/realtime/delivery';
import { registerConnection } from '../../lib/realtime/registration';
import type { IdentityItem } from '../../lib/store/identity-store';
import { identityKey, lineKeyOf, newContactId } from '../../lib/store/keys';
import { clientKeyOf, type ChatItem } from '../../lib/store/chat-store';
import type { StoredMessage } from '../../lib/store/message-store';
import type { VisitorItem } from '../../lib/store/visitor-store';
import { fakeChatsTable } from '../support/fake-chats-table';
import { fakeManagementApi } from '../support/fake-management-api';
import { world } from '../support/lifecycle-world';

/** What the work recorded, as the container's EMF line parsed; undefined when it recorded nothing. */
async function recorded(route: string, work: () => Promise<unknown>): Promise<EmfOutput | undefined> {
  metrics.takeLine(); // what earlier tests left
  metrics.useRoute(route);
  await work();
  const line = metrics.takeLine();
  return line === undefined ? undefined : (JSON.parse(line) as EmfOutput);
}

/** The EMF line of what the work recorded, parsed; fails the test when nothing was recorded. */
async function emitted(route: string, work: () => Promise<unknown>): Promise<EmfOutput> {
  const line = await recorded(route, work);
  if (!line) throw new Error('no metrics line');
  return line;
}

/**
 * The line is the route's, with the stage-and-route and stage-only dimensions, and declares exactly
 * `values`' metrics (timings in ms, the rest counts), which hold those values; no id is in it.
 */
function expectLine(line: EmfOutput, route: string, values: Record<string, unknown>, ids: string[]): void {
  expect(line.route).toBe(route);
  const [declared] = line._aws.CloudWatchMetrics;
  if (!declared) throw new Error('the line declares no metrics');
  expect(declared.Dimensions).toEqual([['stage', 'route'], ['stage']]);
  const units = Object.keys(values).map((name) => ({ Name: name, Unit: name.endsWith('Ms') ? 'Milliseconds' : 'Count' }));
  expect([...declared.Metrics].sort(byName)).toEqual(units.sort(byName));
  expect(omit(line, ['_aws', 'stage', 'route'])).toEqual(values);
  const text = JSON.stringify(line);
  for (const id of ids) expect(text).not.toContain(id);
}
const byName = (a: { Name: string }, b: { Name: string }) => a.Name.localeCompare(b.Name);

const TTL = 2 * 60 * 60 * 1000;
const quietLog = { info: () => undefined, warn: () => undefined };

test('delivery counts pushes to gone connections and pushes that failed, never per message', async () => {
  const management = fakeManagementApi().answerAlways('gone', 'gone').answerAlways('broken', 'fail');
  const old = Date.now() - 60_000;
  const item: IdentityItem = { pk: 'seller#s1', conns: new Set(['ok', 'gone', 'broken']), at_ok: old, at_gone: old, at_broken: old };
  const identities = { getMany: async () => new Map([['seller#s1', item]]), dropConnections: async () => undefined };
  const push = delivery({ client: management.client, identities, connectionTtlMs: TTL, log: quietLog });
  const line = await emitted('sendMessage', () => push.tell([{ role: 'seller', userId: 's1' }], { action: 'x' }));
  expect(line).toMatchObject({ route: 'sendMessage', PushesGone: 1, PushesFailed: 1 });
  expect(line._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['stage', 'route'], ['stage']]);
});

test('$connect counts the connections it opens, per role', async () => {
  const identities = { register: async () => ({ admitted: true as const, before: undefined }) };
  const deps = {
    identities,
    targets: { updateMembership: async () => undefined },
    settings: { limits: { maxConnectionsPerIdentity: 10, connectionTtlSeconds: 7200, maxChatsPerSeller: 5 } },
  };
  const line = await emitted('connect', async () => {
    await registerConnection(deps as never, { role: 'visitor', userId: 'vs.a' }, { connectionId: 'c1', connectedAt: Date.now() });
    await registerConnection(deps as never, { role: 'visitor', userId: 'vs.b' }, { connectionId: 'c2', connectedAt: Date.now() });
    await registerConnection(deps as never, { role: 'seller', userId: 's1', teams: [] }, { connectionId: 'c3', connectedAt: Date.now() });
  });
  expect(line).toMatchObject({ route: 'connect', VisitorConnectionsOpened: 2, SellerConnectionsOpened: 1 });
  expect(line).not.toHaveProperty('userId');
});

describe('sendMessage', () => {
  const visitor: Identity = { role: 'visitor', userId: 'vs.visitor-id-7f3a' };
  const seller: Identity = { role: 'seller', userId: 'seller-id-91c2' };
  const lineKey = lineKeyOf(visitor.userId, seller.userId);

  /** One open chat between `visitor` and `seller` on its line; each side connected or not. */
  function chatWorld(connected: { visitor: boolean; seller: boolean }) {
    const contactId = newContactId(lineKey);
    const chats = fakeChatsTable();
    const chat = chats.put({
      pk: `L#${lineKey}`,
      contactId,
      visitorId: visitor.userId,
      target: seller.userId,
      sellerId: seller.userId,
      status: 'assigned',
      createdAt: new Date().toISOString(),
      seq: 0,
    });
    const stored = new Map<number, StoredMessage>();
    const old = Date.now() - 60_000;
    const itemOf = (who: Identity, connectionId: string, online: boolean): IdentityItem => ({
      pk: identityKey(who),
      ...(online ? { conns: new Set([connectionId]), [`at_${connectionId}`]: old } : {}),
    });
    const items = new Map([
      [identityKey(visitor), itemOf(visitor, 'conn-visitor-id-1', connected.visitor)],
      [identityKey(seller), itemOf(seller, 'conn-seller-id-1', connected.seller)],
    ]);
    const identities = {
      get: async (who: Identity) => items.get(identityKey(who)),
      getMany: async (who: Identity[]) => new Map(who.filter((i) => items.has(identityKey(i))).map((i) => [identityKey(i), items.get(identityKey(i)) as IdentityItem])),
      markPending: async (who: Identity, id: string, fromSeq: number) => {
        const item = items.get(identityKey(who)) as IdentityItem;
        item.pending = { ...item.pending, [id]: fromSeq };
        return item;
      },
      dropConnections: async () => undefined,
    };
    const management = fakeManagementApi();
    const deps: MessageDeps = {
      chats: chats.store,
      messages: {
        put: async (message) => {
          const before = stored.get(message.seq);
          if (before) return { message: before, duplicate: true };
          stored.set(message.seq, message);
          return { message, duplicate: false };
        },
        get: async (_contactId, seq) => stored.get(seq),
      },
      attachments: {
        getMany: async () => new Map(),
      },
      identities,
      delivery: delivery({
        client: management.client,
        identities,
        connectionTtlMs: TTL,
        log: quietLog,
      }),
      settings: {
        limits: { maxMessageLength: 4000 },
        rateLimits: { visitorMessages: { burst: 20, perSecond: 2 }, sellerMessages: { burst: 60, perSecond: 10 } },
      },
    };
    const ids = [visitor.userId, seller.userId, contactId, lineKey, 'conn-visitor-id-1', 'conn-seller-id-1'];
    return { deps, contactId, chat, items, management, stored, ids };
  }

  test('messages stored and delivered are counted per sender role', async () => {
    const w = chatWorld({ visitor: true, seller: true });
    const line = await emitted('sendMessage', async () => {
      await sendChatMessage(w.deps, visitor, { text: 'hello', to: seller.userId }, 'conn-visitor-id-1');
      await sendChatMessage(w.deps, visitor, { text: 'anyone?', contactId: w.contactId }, 'conn-visitor-id-1');
      await sendChatMessage(w.deps, seller, { text: 'hi', to: visitor.userId }, 'conn-seller-id-1');
    });
    expectLine(
      line,
      'sendMessage',
      { VisitorMessagesStored: 2, VisitorMessagesDelivered: 2, SellerMessagesStored: 1, SellerMessagesDelivered: 1, FirstResponseMs: expect.any(Number) },
      w.ids,
    );
    // each message reached the other side once (the sender's own connection is not pushed to)
    expect(w.management.posts.map((post) => post.connectionId).sort()).toEqual(['conn-seller-id-1', 'conn-seller-id-1', 'conn-visitor-id-1']);
  });

  test("the seller's first reply records the time from the chat's start, once; later replies do not", async () => {
    const w = chatWorld({ visitor: true, seller: true });
    w.chat.createdAt = new Date(Date.now() - 30_000).toISOString();
    const line = await emitted('sendMessage', async () => {
      await sendChatMessage(w.deps, visitor, { text: 'hello', contactId: w.contactId });
      await sendChatMessage(w.deps, seller, { text: 'hi, how can I help?', contactId: w.contactId });
      await sendChatMessage(w.deps, seller, { text: 'still there?', contactId: w.contactId });
    });
    expect(typeof line.FirstResponseMs).toBe('number');
    expect(line.FirstResponseMs).toBeGreaterThanOrEqual(30_000);
    expect(line.FirstResponseMs).toBeLessThan(60_000);
  });

  test('a retried clientMessageId stores and counts nothing: only the first attempt is counted', async () => {
    const w = chatWorld({ visitor: true, seller: true });
    const line = await emitted('sendMessage', () => sendChatMessage(w.deps, visitor, { text: 'once', to: seller.userId, clientMessageId: 'client-msg-1' }));
    expectLine(line, 'sendMessage', { VisitorMessagesStored: 1, VisitorMessagesDelivered: 1 }, [...w.ids, 'client-msg-1', clientKeyOf(visitor, 'client-msg-1')]);

    let retry: Awaited<ReturnType<typeof sendChatMessage>> | undefined;
    const retried = await recorded('sendMessage', async () => {
      retry = await sendChatMessage(w.deps, visitor, { text: 'once', to: seller.userId, clientMessageId: 'client-msg-1' });
    });
    expect(retry).toMatchObject({ duplicate: true, delivered: true, message: { seq: 1 } });
    expect(w.stored.size).toBe(1);
    expect(retried).toBeUndefined();
  });

  test('a message whose recipient has no connection is counted stored, not delivered', async () => {
    const w = chatWorld({ visitor: true, seller: false });
    let sent: Awaited<ReturnType<typeof sendChatMessage>> | undefined;
    const line = await emitted('sendMessage', async () => {
      sent = await sendChatMessage(w.deps, visitor, { text: 'are you there?', to: seller.userId });
    });
    expect(sent).toMatchObject({ duplicate: false, delivered: false });
    expect(w.items.get(identityKey(seller))?.pending).toEqual({ [w.contactId]: 1 });
    expectLine(line, 'sendMessage', { VisitorMessagesStored: 1 }, w.ids);
  });
});

describe('InitChat', () => {
  /** startChat over the lifecycle world: the visitor's item, the line and the target are read from it. */
  function startWorld() {
    const w = world();
    const deps: StartChatDeps = {
      chats: w.chats.store,
      visitors: {
        takeChatStart: async (visitorId) => ({ allowed: true, item: structuredClone(w.visitors.get(visitorId) ?? ({ pk: `visitor#${visitorId}`, chats: {} } as VisitorItem)) }),
      },
      reads: async (lineKey, target) => ({
        line: await w.chats.store.getLine(lineKey),
        target: structuredClone(w.targets.get(target)),
        seller: structuredClone(w.sellers.get(target)),
      }),
      lifecycle: w.lifecycle,
      rateLimiter: { take: async () => ({ allowed: true, retryAfterSeconds: 0 }) },
      settings: {
        limits: { maxUserInfoBytes: 4096, maxUserInfoDepth: 8, maxOpenChatsPerVisitor: 5 },
        rateLimits: { initChatPerDevice: { burst: 5, perSecond: 0.2 }, chatStartsPerAddress: { burst: 100, perSecond: 20 }, exemptAddresses: new Set() },
        widgetOrigins: {},
        deviceSessionsOff: new Set(),
      },
    };
    return { w, deps };
  }

  test('a new chat counts as assigned when a seller had room, as queued when nobody had', async () => {
    const { w, deps } = startWorld();
    w.addSeller('seller-id-with-room');
    const ids = ['seller-id-with-room', 'team-id-nobody', 'vs.visitor-id-a', 'vs.visitor-id-b', 'vs.visitor-id-c'];
    const line = await emitted('InitChat', async () => {
      const assigned = await startChat(deps, { role: 'visitor', userId: 'vs.visitor-id-a' }, 'seller-id-with-room', { name: 'A' });
      const queued = await startChat(deps, { role: 'visitor', userId: 'vs.visitor-id-b' }, 'team-id-nobody', { name: 'B' });
      const another = await startChat(deps, { role: 'visitor', userId: 'vs.visitor-id-c' }, 'team-id-nobody', { name: 'C' });
      expect([assigned.contact.status, queued.contact.status, another.contact.status]).toEqual(['assigned', 'queued', 'queued']);
      ids.push(assigned.contact.contactId, queued.contact.contactId, another.contact.contactId);
    });
    expectLine(line, 'InitChat', { ChatsAssigned: 1, ChatsQueued: 2 }, ids);
  });

  test('returning the open chat counts neither', async () => {
    const { w, deps } = startWorld();
    w.addSeller('seller-id-with-room');
    const visitor = { role: 'visitor', userId: 'vs.visitor-id-a' } as const;
    const first = await startChat(deps, visitor, 'seller-id-with-room', {});
    let again: Awaited<ReturnType<typeof startChat>> | undefined;
    const line = await recorded('InitChat', async () => {
      again = await startChat(deps, visitor, 'seller-id-with-room', {});
    });
    expect(again).toMatchObject({ created: false, contact: { contactId: first.contact.contactId } });
    expect(line).toBeUndefined();
  });

  test('a start that loses its line to a concurrent one returns the winner and counts neither', async () => {
    const { w, deps } = startWorld();
    w.addSeller('seller-id-with-room');
    const visitor = { role: 'visitor', userId: 'vs.visitor-id-a' } as const;
    const lineKey = lineKeyOf(visitor.userId, 'seller-id-with-room');
    const winner = newContactId(lineKey);
    w.chats.before.claim = () =>
      w.chats.put({
        pk: `L#${lineKey}`,
        contactId: winner,
        visitorId: visitor.userId,
        target: 'seller-id-with-room',
        status: 'assigned',
        sellerId: 'seller-id-with-room',
        createdAt: new Date().toISOString(),
      });
    let started: Awaited<ReturnType<typeof startChat>> | undefined;
    const line = await recorded('InitChat', async () => {
      started = await startChat(deps, visitor, 'seller-id-with-room', {});
    });
    expect(started).toMatchObject({ created: false, contact: { contactId: winner } });
    expect(line).toBeUndefined();
  });
});

describe('a queued chat taken', () => {
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  /** Slack for the time the test itself takes between setting createdAt and the chat being taken. */
  const SLACK_MS = 30_000;

  test('a connecting seller that takes queued chats records how long each waited, oldest first', async () => {
    const w = world();
    w.addSeller('seller-id-taker', { teams: ['team-id-1'] });
    const older = w.addChat({ visitorId: 'vs.visitor-id-old', target: 'team-id-1', createdAt: ago(90_000) });
    const newer = w.addChat({ visitorId: 'vs.visitor-id-new', target: 'seller-id-taker', createdAt: ago(30_000) });
    const line = await emitted('afterConnect', async () => {
      const taken = await w.lifecycle.offerQueued(
        { role: 'seller', userId: 'seller-id-taker', teams: ['team-id-1'] },
        new Map([
          ['team-id-1', 1],
          ['seller-id-taker', 1],
        ]),
      );
      expect(taken.map((chat) => chat.contactId)).toEqual([older.contactId, newer.contactId]);
    });
    const ids = ['seller-id-taker', 'team-id-1', 'vs.visitor-id-old', 'vs.visitor-id-new', older.contactId, newer.contactId];
    expectLine(line, 'afterConnect', { QueueWaitMs: [expect.any(Number), expect.any(Number)] }, ids);
    const [olderWait, newerWait] = line.QueueWaitMs as number[];
    expect(olderWait).toBeGreaterThanOrEqual(90_000);
    expect(olderWait).toBeLessThan(90_000 + SLACK_MS);
    expect(newerWait).toBeGreaterThanOrEqual(30_000);
    expect(newerWait).toBeLessThan(30_000 + SLACK_MS);
  });

  test('a seller coming online takes its queued chat and records its wait; a chat that stays queued records nothing', async () => {
    const w = world();
    w.addSeller('seller-id-back', { maxChats: 1 });
    const waiting = w.addChat({ visitorId: 'vs.visitor-id-1', target: 'seller-id-back', createdAt: ago(45_000) });
    const later = w.addChat({ visitorId: 'vs.visitor-id-2', target: 'seller-id-back', createdAt: ago(5_000) });
    const line = await emitted('presence', async () => {
      const taken = await w.lifecycle.offerQueuedTo('seller-id-back');
      expect(taken.map((chat) => chat.contactId)).toEqual([waiting.contactId]);
    });
    expect(w.lineOf(later.contactId)?.status).toBe('queued');
    const ids = ['seller-id-back', 'vs.visitor-id-1', 'vs.visitor-id-2', waiting.contactId, later.contactId];
    // Powertools writes a metric with one value as a number, not a list of one
    expectLine(line, 'presence', { QueueWaitMs: expect.any(Number) }, ids);
    const wait = line.QueueWaitMs as number;
    expect(wait).toBeGreaterThanOrEqual(45_000);
    expect(wait).toBeLessThan(45_000 + SLACK_MS);
  });

  test('a chat another seller took first records no wait', async () => {
    const w = world();
    w.addSeller('seller-id-late');
    const raced = w.addChat({ visitorId: 'vs.visitor-id-1', target: 'seller-id-late', createdAt: ago(20_000) });
    w.chats.before.assignQueued = () => {
      const chat = w.lineOf(raced.contactId) as ChatItem;
      Object.assign(chat, { status: 'assigned', sellerId: 'seller-id-other' });
      delete chat.queueKey;
    };
    const line = await recorded('afterConnect', () => w.lifecycle.offerQueued({ role: 'seller', userId: 'seller-id-late', teams: [] }, new Map([['seller-id-late', 1]])));
    expect(line).toBeUndefined();
  });
});

describe('refused frames and requests', () => {
  // the adapters read the configuration when they are built; the tables are never used here
  process.env.CHATS_TABLE ??= 'chats';
  process.env.MESSAGES_TABLE ??= 'messages';
  process.env.ROUTING_TABLE ??= 'routing';
  // the adapters log each refusal; the metrics line is what is checked
  beforeEach(() => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const userId = 'vs.visitor-id-refused';
  const contactId = 'contact-id-refused.abc';

  test('a WebSocket route counts each refused frame by its error code, and nothing for a frame it answers', async () => {
    const handler = wsHandler('sendMessage', async (request) => {
      switch (request.body.kind) {
        case 'bad':
          throw badRequest(`no chat of ${request.sender.userId} named ${contactId}`);
        case 'forbidden':
          throw forbidden(`${contactId} is not yours`);
        case 'flood':
          throw rateLimited('too many messages; try again in 3 s', 3);
        case 'bug':
          throw new Error(`unexpected state of ${contactId}`);
        default:
          request.reply({ action: 'ok' });
      }
    });
    const event = (body: string, authorizer: Record<string, unknown> | null = { role: 'visitor', userId }) =>
      ({
        body,
        isBase64Encoded: false,
        requestContext: { connectionId: 'conn-id-refused', connectedAt: Date.now(), requestId: 'request-1', routeKey: 'sendMessage', authorizer },
      }) as never;
    const frame = (kind: string) => JSON.stringify({ action: 'sendMessage', kind });
    const codes: (string | undefined)[] = [];
    const line = await emitted('sendMessage', async () => {
      for (const e of [
        event(frame('bad')),
        event('{not json'),
        event(frame('forbidden')),
        event(frame('flood')),
        event(frame('bug')),
        event(frame('ok'), null), // a connection without an identity
        event(JSON.stringify({ action: 'sendMessage', text: 'x'.repeat(40 * 1024) })),
        event(frame('ok')),
      ]) {
        const answer = await handler(e);
        expect(answer.statusCode).toBe(200);
        const body = JSON.parse(answer.body as string);
        codes.push(body.action === 'error' ? body.error.code : body.action);
      }
    });
    expect(codes).toEqual(['BAD_REQUEST', 'BAD_REQUEST', 'FORBIDDEN', 'RATE_LIMITED', 'INTERNAL', 'UNAUTHORIZED', 'PAYLOAD_TOO_LARGE', 'ok']);
    expectLine(
      line,
      'sendMessage',
      { Refused_BAD_REQUEST: 2, Refused_FORBIDDEN: 1, Refused_RATE_LIMITED: 1, Refused_INTERNAL: 1, Refused_UNAUTHORIZED: 1, Refused_PAYLOAD_TOO_LARGE: 1 },
      [userId, contactId, 'conn-id-refused'],
    );
  });

  test('an HTTP route counts each refused request by its error code, and nothing for a request it answers', async () => {
    const handler = httpHandler('GET /v1/contacts/{id}', async ({ event }) => {
      switch (event.queryStringParameters?.kind) {
        case 'missing':
          throw notFound(`no contact ${contactId}`);
        case 'flood':
          throw rateLimited('too many requests; try again in 7 s', 7);
        case 'anonymous':
          throw unauthorized(`no credential for ${userId}`);
        case 'bug':
          throw new Error(`unexpected state of ${contactId}`);
        default:
          return { status: 200, body: { contactId } };
      }
    });
    const event = (kind: string) => ({ requestContext: { requestId: 'request-1' }, queryStringParameters: { kind } }) as unknown as APIGatewayProxyEventV2;
    const statuses: (number | undefined)[] = [];
    const line = await emitted('GET /v1/contacts/{id}', async () => {
      for (const kind of ['missing', 'missing', 'flood', 'anonymous', 'bug', 'ok']) {
        const answer = await handler(event(kind));
        statuses.push(answer.statusCode);
        if (kind === 'flood') expect(answer.headers).toMatchObject({ 'retry-after': '7' });
      }
    });
    expect(statuses).toEqual([404, 404, 429, 401, 500, 200]);
    expectLine(line, 'GET /v1/contacts/{id}', { Refused_NOT_FOUND: 2, Refused_RATE_LIMITED: 1, Refused_UNAUTHORIZED: 1, Refused_INTERNAL: 1 }, [userId, contactId]);
  });
});
