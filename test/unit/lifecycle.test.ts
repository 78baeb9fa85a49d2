/**
 * Every transition of a chat's life against in-memory fakes of the stores (the pushes go through the
 * real delivery module to a fake management API): the one conditional write, the seller's slot, the
 * queue's count, and who is told what, including the lost races where another writer got there first.
 */
import type { PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { Contact } from '../../lib/chat/contact';
import { chatLifecycle, type LifecycleDeps } from '../../lib/chat/lifecycle';
import { delivery } from '../../lib/realtime/delivery';
import { leastActive } from '../../lib/routing/assignment';
import type { TargetRules } from '../../lib/routing/target-rules';
import type { IdentityItem } from '../../lib/store/identity-store';
import { identityKey, lineKeyOfContact, newContactId } from '../../lib/store/keys';
import { toContact, type ChatItem } from '../../lib/store/line-store';
import type { StoredMessage } from '../../lib/store/message-store';
import type { SellerItem } from '../../lib/store/seller-store';
import type { TargetItem } from '../../lib/store/target-store';
import type { VisitorItem } from '../../lib/store/visitor-store';

type Frame = Record<string, any>;

/** A small world: lines with conditional writes, sellers with slots, targets with queue counts, and every frame pushed. */
function world(rules: TargetRules = { firstResponseSeconds: {}, businessHours: {}, autoReplies: {} }) {
  const lines = new Map<string, ChatItem>(); // by lineKey
  const sellers = new Map<string, SellerItem>();
  const targets = new Map<string, TargetItem>();
  const visitors = new Map<string, VisitorItem>();
  const messages = new Map<string, StoredMessage[]>();
  const posts: { connectionId: string; frame: Frame }[] = [];
  /** Runs once, just before the named write: lets a test play the other writer of a race. */
  const before: Partial<Record<'claim' | 'assignQueued' | 'reassign' | 'requeue' | 'end', () => void>> = {};
  let clock = 0;
  const now = () => new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString();
  const racing = (write: keyof typeof before) => {
    const hook = before[write];
    delete before[write];
    hook?.();
  };
  const lineOf = (contactId: string) => {
    const line = lines.get(lineKeyOfContact(contactId) as string);
    return line?.contactId === contactId ? line : undefined;
  };
  const change = (contactId: string, when: (c: ChatItem) => boolean, apply: (c: ChatItem) => void, returnOld = false) => {
    const line = lineOf(contactId);
    if (!line || !when(line)) return undefined;
    const old = structuredClone(line);
    apply(line);
    return structuredClone(returnOld ? old : line);
  };
  const itemOf = (pk: string): IdentityItem | undefined => {
    const [role, id] = pk.split('#') as [string, string];
    return role === 'seller' ? sellers.get(id) : visitors.get(id);
  };

  const deps: LifecycleDeps = {
    chats: {
      claim: async (lineKey, contact, lastSellerId, replyDueAt) => {
        racing('claim');
        if (lines.get(lineKey)?.contactId) return false;
        lines.set(lineKey, {
          pk: `L#${lineKey}`,
          contactId: contact.contactId,
          visitorId: contact.visitorId,
          target: contact.target,
          status: contact.status,
          ...(contact.sellerId ? { sellerId: contact.sellerId } : { queueKey: contact.queueKey }),
          createdAt: contact.createdAt,
          seq: 0,
          lastSellerId: contact.sellerId ?? lastSellerId,
          ...(contact.sellerId && replyDueAt ? { replyDueAt } : {}),
        });
        return true;
      },
      getChat: async (contactId) => structuredClone(lineOf(contactId)),
      assignQueued: async (id, sellerId, replyDueAt) => {
        racing('assignQueued');
        return change(id, (c) => c.status === 'queued', (c) => {
          Object.assign(c, { status: 'assigned', sellerId, ...(replyDueAt ? { replyDueAt } : {}) });
          delete c.queueKey;
        });
      },
      reassign: async (id, from, to, options = {}) => {
        racing('reassign');
        return change(
          id,
          (c) => c.status === 'assigned' && c.sellerId === from && (!options.onlyUnansweredBy || (c.replyDueAt !== undefined && c.replyDueAt <= options.onlyUnansweredBy)),
          (c) => {
            Object.assign(c, { sellerId: to });
            if (options.replyDueAt) c.replyDueAt = options.replyDueAt;
            else delete c.replyDueAt;
          },
        );
      },
      postponeReplyDue: async (id, sellerId, dueAt) => {
        change(id, (c) => c.sellerId === sellerId && c.replyDueAt !== undefined, (c) => {
          if (dueAt) c.replyDueAt = dueAt;
          else delete c.replyDueAt;
        });
      },
      requeue: async (id, from, queueKey) => {
        racing('requeue');
        return change(id, (c) => c.status === 'assigned' && c.sellerId === from, (c) => {
          Object.assign(c, { status: 'queued', queueKey });
          delete c.sellerId;
        });
      },
      end: async (id, by) => {
        racing('end');
        return change(id, (c) => c.status !== 'ended', (c) => {
          Object.assign(c, { status: 'ended', endedBy: by, endedAt: now() });
          delete c.queueKey;
        }, true);
      },
      archive: async (contactId, visitorInfo) => {
        const line = lineOf(contactId);
        if (line?.status === 'ended') Object.assign(line, { archivedWith: visitorInfo, contactId: undefined });
      },
      queued: async (queueKey, limit) =>
        [...lines.values()]
          .filter((c) => c.status === 'queued' && c.queueKey === queueKey && c.contactId)
          .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)))
          .slice(0, limit)
          .map((c) => structuredClone(c)),
    },
    sellers: {
      getMany: async (ids) => new Map(ids.filter((id) => sellers.has(id)).map((id) => [id, structuredClone(sellers.get(id) as SellerItem)])),
      reserve: async (sellerId, contactId, visitorId) => {
        const s = sellers.get(sellerId);
        if (!s?.chats || contactId in s.chats || Object.keys(s.chats).length >= (s.maxChats ?? 5) || s.presence === 'away') return false;
        s.chats[contactId] = visitorId;
        s.lastAssignedAt = now();
        return true;
      },
      release: async (sellerId, contactId) => {
        delete sellers.get(sellerId)?.chats?.[contactId];
      },
    },
    targets: {
      getMany: async (ids) => new Map(ids.filter((id) => targets.has(id)).map((id) => [id, structuredClone(targets.get(id) as TargetItem)])),
      countQueued: async (id, delta) => {
        const t = targets.get(id) ?? { pk: `target#${id}` };
        const queued = Math.max(0, Number(t.queued ?? 0) + delta);
        targets.set(id, { ...t, queued });
        return queued;
      },
      resetQueued: async (id, seen) => {
        const t = targets.get(id);
        if (t && t.queued === seen) t.queued = 0;
      },
    },
    visitors: {
      addOpenChat: async (visitorId, contactId, chat) => {
        const v = visitors.get(visitorId) ?? { pk: `visitor#${visitorId}`, chats: {} };
        (v.chats ??= {})[contactId] = chat;
        visitors.set(visitorId, v);
      },
      removeOpenChat: async (visitorId, contactId) => {
        delete visitors.get(visitorId)?.chats?.[contactId];
      },
    },
    identities: {
      get: async (identity) => structuredClone(itemOf(identityKey(identity))),
      getMany: async (identities) =>
        new Map(identities.map((i) => [identityKey(i), itemOf(identityKey(i))] as const).filter((entry): entry is [string, IdentityItem] => entry[1] !== undefined)),
    },
    messages: {
      listAfter: async (contactId, after, limit) => (messages.get(contactId) ?? []).filter((m) => m.seq > after).slice(0, limit),
    },
    delivery: delivery({
      client: {
        send: async (command: PostToConnectionCommand) => {
          posts.push({ connectionId: command.input.ConnectionId as string, frame: JSON.parse(Buffer.from(command.input.Data as Uint8Array).toString('utf8')) });
          return {};
        },
      } as never,
      identities: { getMany: async (ids) => new Map(ids.map((i) => [identityKey(i), itemOf(identityKey(i))] as const).filter((e): e is [string, IdentityItem] => e[1] !== undefined)), dropConnections: async () => undefined },
      connectionTtlMs: 7_200_000,
      log: { info: () => undefined, warn: () => undefined },
    }),
    strategy: leastActive,
    defaultMaxChats: 5,
    connectionTtlMs: 7_200_000,
    rules,
    log: { info: () => undefined },
  };

  const connected = (id: string) => ({ conns: new Set([`conn-${id}`]), [`at_conn-${id}`]: Date.now() });
  const addSeller = (id: string, over: { teams?: string[]; maxChats?: number; presence?: 'online' | 'away'; online?: boolean; chats?: Record<string, string> } = {}) => {
    sellers.set(id, {
      pk: `seller#${id}`,
      sellerId: id,
      teams: over.teams ?? [],
      maxChats: over.maxChats ?? 5,
      presence: over.presence ?? 'online',
      chats: over.chats ?? {},
      lastAssignedAt: new Date(0).toISOString(),
      ...(over.online === false ? {} : connected(id)),
    });
    for (const team of over.teams ?? []) {
      const t = targets.get(team) ?? { pk: `target#${team}` };
      targets.set(team, { ...t, members: { ...(t.members ?? {}), [id]: now() } });
    }
  };
  const addVisitor = (id: string) => visitors.set(id, { pk: `visitor#${id}`, chats: {}, ...connected(id) });
  /** A chat already on its line, as the other transitions find it. */
  const addChat = (over: Partial<ChatItem> & { visitorId: string; target: string }): Contact => {
    const contactId = newContactId(over.visitorId.padEnd(22, '0').slice(0, 22).replace(/[^A-Za-z0-9_-]/g, '0'));
    const line: ChatItem = { pk: `L#${lineKeyOfContact(contactId)}`, contactId, status: 'queued', queueKey: over.target, createdAt: now(), seq: 0, ...over };
    lines.set(lineKeyOfContact(contactId) as string, line);
    if (!visitors.has(over.visitorId)) addVisitor(over.visitorId);
    (visitors.get(over.visitorId)?.chats as Record<string, unknown>)[contactId] = { target: over.target, info: { name: over.visitorId } };
    if (line.status === 'queued') targets.set(over.target, { ...(targets.get(over.target) ?? { pk: `target#${over.target}` }), queued: Number(targets.get(over.target)?.queued ?? 0) + 1 });
    return toContact(line, { name: over.visitorId });
  };
  const slots = (id: string) => Object.keys(sellers.get(id)?.chats ?? {}).length;
  const queuedCount = (id: string) => Number(targets.get(id)?.queued ?? 0);
  const framesTo = (id: string): Frame[] => posts.filter((p) => p.connectionId === `conn-${id}`).map((p) => p.frame);
  const actionsTo = (id: string) => framesTo(id).map((f) => f.action);

  return { lifecycle: chatLifecycle(deps), deps, lines, sellers, messages, posts, before, addSeller, addVisitor, addChat, slots, queuedCount, framesTo, actionsTo, lineOf };
}

const newChat = (visitorId: string, target: string, over: { previousSellerId?: string } = {}) => {
  const lineKey = visitorId.padEnd(22, 'x').slice(0, 22);
  return { lineKey, chat: { contactId: newContactId(lineKey), visitorId, visitorInfo: { name: visitorId }, target, ...over } };
};

describe('open', () => {
  test('a chat for a team goes to its online member with the fewest chats, whose slot it takes; the seller learns who', async () => {
    const w = world();
    w.addSeller('busy', { teams: ['team-1'], chats: { a: 'x', b: 'y' } });
    w.addSeller('idle', { teams: ['team-1'] });
    w.addSeller('offline', { teams: ['team-1'], online: false });
    w.addVisitor('v1');
    const { lineKey, chat } = newChat('v1', 'team-1');
    const contact = await w.lifecycle.open(lineKey, chat);
    expect(contact).toMatchObject({ status: 'assigned', sellerId: 'idle' });
    expect(w.lineOf(chat.contactId)).toMatchObject({ status: 'assigned', sellerId: 'idle' });
    expect(w.slots('idle')).toBe(1);
    expect(w.framesTo('idle')).toEqual([
      { action: 'contactAssigned', contact_id: chat.contactId, visitor: { userId: 'v1', userInfo: { name: 'v1' } }, status: 'assigned' },
    ]);
    // the visitor learns its seller from the InitChat ack, not from a push
    expect(w.actionsTo('v1')).toEqual([]);
  });

  test('a start whose read of the team is stale reads it again after two refused slots instead of trying every member', async () => {
    const w = world();
    const full = Array.from({ length: 8 }, (_, i) => `full-${i}`);
    for (const id of full) w.addSeller(id, { teams: ['team-1'], maxChats: 1, chats: { [`c-${id}`]: 'someone' } });
    w.addSeller('room', { teams: ['team-1'], maxChats: 1 });
    // what the start read before concurrent starts filled the team: everyone had room, and 'room' ranked last
    const stale = new Map(
      [...full, 'room'].map((id) => [id, { ...structuredClone(w.sellers.get(id) as SellerItem), chats: {}, ...(id === 'room' ? { lastAssignedAt: '2030-01-01T00:00:00.000Z' } : {}) }]),
    );
    let reservations = 0;
    const reserve = w.deps.sellers.reserve;
    w.deps.sellers.reserve = async (...args) => {
      reservations++;
      return reserve(...args);
    };
    w.addVisitor('v1');
    const { lineKey, chat } = newChat('v1', 'team-1');
    expect(await w.lifecycle.open(lineKey, chat, { sellers: stale })).toMatchObject({ status: 'assigned', sellerId: 'room' });
    // two refused on the stale read, then the fresh read's only seller with room
    expect(reservations).toBe(3);
  });

  test('a returning visitor gets its previous seller first when that seller has room', async () => {
    const w = world();
    w.addSeller('a', { teams: ['team-1'] });
    w.addSeller('b', { teams: ['team-1'], chats: { x: '1', y: '2', z: '3' } });
    const { lineKey, chat } = newChat('v1', 'team-1', { previousSellerId: 'b' });
    expect((await w.lifecycle.open(lineKey, chat))?.sellerId).toBe('b');
  });

  test('with nobody available the chat waits in the queue, its count goes up, and every seller of the queue is told', async () => {
    const w = world();
    w.addSeller('full', { teams: ['team-1'], maxChats: 1, chats: { x: '1' } });
    w.addSeller('away', { teams: ['team-1'], presence: 'away' });
    const { lineKey, chat } = newChat('v1', 'team-1');
    const contact = await w.lifecycle.open(lineKey, chat);
    expect(contact).toMatchObject({ status: 'queued', queueKey: 'team-1' });
    expect(contact?.sellerId).toBeUndefined();
    expect(w.queuedCount('team-1')).toBe(1);
    // one online seller, full: the chat waits because everyone is busy, first in line; no auto-reply for that
    const queued = { action: 'contactQueued', contact_id: chat.contactId, status: 'queued', queueKey: 'team-1', fromSellerId: null, reason: 'new', waiting: { reason: 'busy', position: 1 } };
    expect(contact?.wait).toEqual({ reason: 'busy', position: 1 });
    expect(w.framesTo('full')).toEqual([queued]);
    expect(w.framesTo('away')).toEqual([queued]);
    expect(w.slots('full')).toBe(1);
  });

  test('a start that loses its line to a concurrent one keeps nothing: slot back, no open-chat entry, nobody told', async () => {
    const w = world();
    w.addSeller('s1');
    w.addVisitor('v1');
    const { lineKey, chat } = newChat('v1', 's1');
    w.before.claim = () => w.lines.set(lineKey, { pk: `L#${lineKey}`, contactId: 'someone-else', status: 'assigned' });
    expect(await w.lifecycle.open(lineKey, chat)).toBeUndefined();
    expect(w.slots('s1')).toBe(0);
    expect(w.posts).toEqual([]);
  });

  test('a queued start that loses its line gives the queue count back', async () => {
    const w = world();
    const { lineKey, chat } = newChat('v1', 'nobody');
    w.before.claim = () => w.lines.set(lineKey, { pk: `L#${lineKey}`, contactId: 'someone-else', status: 'queued' });
    expect(await w.lifecycle.open(lineKey, chat)).toBeUndefined();
    expect(w.queuedCount('nobody')).toBe(0);
  });
});

describe('offerQueued', () => {
  test("a seller takes the oldest chats of its queues while it has room; both sides told, the queue's count lowered, the backlog sent", async () => {
    const w = world();
    w.addSeller('s1', { teams: ['team-1'], maxChats: 2 });
    const old = w.addChat({ visitorId: 'old', target: 'team-1', seq: 1 });
    w.messages.set(old.contactId, [{ contactId: old.contactId, seq: 1, senderRole: 'visitor', senderId: 'old', recipientId: null, text: 'hello?', createdAt: 't' }]);
    const mine = w.addChat({ visitorId: 'mine', target: 's1' });
    const newest = w.addChat({ visitorId: 'newest', target: 'team-1' });
    const taken = await w.lifecycle.offerQueued({ role: 'seller', userId: 's1', teams: ['team-1'], maxChats: 2, connections: [{ connectionId: 'conn-s1', connectedAt: Date.now() }] }, new Map([['team-1', 2], ['s1', 1]]));
    expect(taken.map((c) => c.contactId)).toEqual([old.contactId, mine.contactId]);
    expect(w.lineOf(newest.contactId)?.status).toBe('queued');
    expect(w.slots('s1')).toBe(2);
    expect([w.queuedCount('team-1'), w.queuedCount('s1')]).toEqual([1, 0]);
    expect(w.framesTo('old')).toEqual([{ action: 'contactAssigned', contact_id: old.contactId, sellerId: 's1', status: 'assigned' }]);
    expect(w.framesTo('s1')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'contactAssigned', contact_id: old.contactId, visitor: { userId: 'old', userInfo: { name: 'old' } } }),
        expect.objectContaining({ action: 'sendMessage', contact_id: old.contactId, seq: 1, message: 'hello?' }),
        { action: 'contactLeftQueue', contact_id: old.contactId, queueKey: 'team-1', reason: 'assigned', sellerId: 's1' },
        { action: 'contactLeftQueue', contact_id: mine.contactId, queueKey: 's1', reason: 'assigned', sellerId: 's1' },
      ]),
    );
  });

  test('a chat another seller took first is skipped and its slot given back', async () => {
    const w = world();
    w.addSeller('s1', { teams: ['team-1'] });
    const raced = w.addChat({ visitorId: 'raced', target: 'team-1' });
    const free = w.addChat({ visitorId: 'free', target: 'team-1' });
    w.before.assignQueued = () => {
      const line = w.lineOf(raced.contactId) as ChatItem;
      Object.assign(line, { status: 'assigned', sellerId: 'other' });
      delete line.queueKey;
    };
    const taken = await w.lifecycle.offerQueued({ role: 'seller', userId: 's1', teams: ['team-1'] }, new Map([['team-1', 2]]));
    expect(taken.map((c) => c.contactId)).toEqual([free.contactId]);
    expect(w.slots('s1')).toBe(1);
    expect(w.lineOf(raced.contactId)?.sellerId).toBe('other');
    expect(w.actionsTo('raced')).toEqual([]);
  });

  test('a queue whose count says chats wait but has none gets its count set back to 0', async () => {
    const w = world();
    w.addSeller('s1');
    await w.lifecycle.offerQueued({ role: 'seller', userId: 's1', teams: [] }, new Map([['s1', 3]]));
    expect(w.queuedCount('s1')).toBe(0);
  });

  test('offerQueuedTo skips a seller that is away or has no connection', async () => {
    const w = world();
    w.addSeller('away', { presence: 'away' });
    w.addSeller('gone', { online: false });
    w.addChat({ visitorId: 'v1', target: 'away' });
    w.addChat({ visitorId: 'v2', target: 'gone' });
    expect(await w.lifecycle.offerQueuedTo('away')).toEqual([]);
    expect(await w.lifecycle.offerQueuedTo('gone')).toEqual([]);
    expect(await w.lifecycle.offerQueuedTo('unknown')).toEqual([]);
    expect(w.posts).toEqual([]);
  });
});

describe('requeue', () => {
  test("the chat goes back to its queue, the old seller's slot is freed, everyone is told, and a teammate gets it", async () => {
    const w = world();
    w.addSeller('gone', { teams: ['team-1'] });
    w.addSeller('mate', { teams: ['team-1'] });
    const contact = w.addChat({ visitorId: 'v1', target: 'team-1', status: 'assigned', sellerId: 'gone', queueKey: undefined });
    (w.sellers.get('gone')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    const result = await w.lifecycle.requeue(contact, 'gone', 'team-1', 'presence');
    expect(result).toMatchObject({ status: 'assigned', sellerId: 'mate' });
    expect([w.slots('gone'), w.slots('mate'), w.queuedCount('team-1')]).toEqual([0, 1, 0]);
    const queued = { action: 'contactQueued', contact_id: contact.contactId, status: 'queued', queueKey: 'team-1', fromSellerId: 'gone', reason: 'presence', waiting: { reason: 'busy', position: 1 } };
    expect(w.framesTo('v1')).toEqual([queued, { action: 'contactAssigned', contact_id: contact.contactId, sellerId: 'mate', status: 'assigned' }]);
    // the old seller is a member of the queue too: it sees the chat come and go
    expect(w.actionsTo('gone')).toEqual(['contactQueued', 'contactLeftQueue']);
    expect(w.actionsTo('mate')).toEqual(['contactQueued', 'contactAssigned', 'contactLeftQueue']);
  });

  test('with nobody else available it stays queued, and never goes back to the seller it left', async () => {
    const w = world();
    w.addSeller('gone', { teams: ['team-1'] });
    const contact = w.addChat({ visitorId: 'v1', target: 'team-1', status: 'assigned', sellerId: 'gone', queueKey: undefined });
    expect(await w.lifecycle.requeue(contact, 'gone', 'team-1', 'presence')).toMatchObject({ status: 'queued', queueKey: 'team-1' });
    expect(w.queuedCount('team-1')).toBe(1);
  });

  test("a chat that is no longer that seller's is left alone: nothing freed, the count restored, nobody told", async () => {
    const w = world();
    w.addSeller('gone', { teams: ['team-1'] });
    const contact = w.addChat({ visitorId: 'v1', target: 'team-1', status: 'assigned', sellerId: 'gone', queueKey: undefined });
    (w.sellers.get('gone')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    w.before.requeue = () => Object.assign(w.lineOf(contact.contactId) as ChatItem, { status: 'ended' });
    expect(await w.lifecycle.requeue(contact, 'gone', 'team-1', 'presence')).toBeUndefined();
    expect([w.slots('gone'), w.queuedCount('team-1')]).toEqual([1, 0]);
    expect(w.posts).toEqual([]);
  });
});

describe('transfer', () => {
  test('to a seller with room: the slot moves, all three are told, the new seller gets the conversation', async () => {
    const w = world();
    w.addSeller('from');
    w.addSeller('to');
    const contact = w.addChat({ visitorId: 'v1', target: 'from', status: 'assigned', sellerId: 'from', queueKey: undefined, seq: 1 });
    (w.sellers.get('from')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    w.messages.set(contact.contactId, [{ contactId: contact.contactId, seq: 1, senderRole: 'visitor', senderId: 'v1', recipientId: 'from', text: 'hi', createdAt: 't' }]);
    const moved = await w.lifecycle.transfer(contact, 'from', { toSellerId: 'to', note: 'wants a refund' });
    expect(moved).toMatchObject({ status: 'assigned', sellerId: 'to' });
    expect([w.slots('from'), w.slots('to')]).toEqual([0, 1]);
    const transferred = { action: 'contactTransferred', contact_id: contact.contactId, fromSellerId: 'from', toSellerId: 'to', toTeamId: null, status: 'assigned', sellerId: 'to', reason: 'transfer' };
    // the note is for the sellers only
    for (const who of ['from', 'to']) expect(w.framesTo(who)).toContainEqual({ ...transferred, note: 'wants a refund' });
    expect(w.framesTo('v1')).toContainEqual(transferred);
    expect(w.framesTo('to')).toContainEqual(expect.objectContaining({ action: 'contactAssigned', contact_id: contact.contactId }));
    expect(w.framesTo('to')).toContainEqual(expect.objectContaining({ action: 'sendMessage', seq: 1, message: 'hi' }));
    expect(w.framesTo('v1')).toContainEqual({ action: 'contactAssigned', contact_id: contact.contactId, sellerId: 'to', status: 'assigned' });
  });

  test('the freed seller is offered its next queued chat', async () => {
    const w = world();
    w.addSeller('from', { maxChats: 1 });
    w.addSeller('to');
    const waiting = w.addChat({ visitorId: 'waiting', target: 'from' });
    const contact = w.addChat({ visitorId: 'v1', target: 'from', status: 'assigned', sellerId: 'from', queueKey: undefined });
    (w.sellers.get('from')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    await w.lifecycle.transfer(contact, 'from', { toSellerId: 'to' });
    expect(w.lineOf(waiting.contactId)).toMatchObject({ status: 'assigned', sellerId: 'from' });
    expect(w.slots('from')).toBe(1);
  });

  test('to a team with nobody available: it waits in the team queue and both sides are told', async () => {
    const w = world();
    w.addSeller('from');
    const contact = w.addChat({ visitorId: 'v1', target: 'from', status: 'assigned', sellerId: 'from', queueKey: undefined });
    (w.sellers.get('from')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    const moved = await w.lifecycle.transfer(contact, 'from', { toTeamId: 'team-9' });
    expect(moved).toMatchObject({ status: 'queued', queueKey: 'team-9' });
    expect([w.slots('from'), w.queuedCount('team-9')]).toEqual([0, 1]);
    expect(w.actionsTo('v1')).toEqual(['contactQueued', 'contactTransferred']);
    expect(w.framesTo('from')).toContainEqual(expect.objectContaining({ action: 'contactTransferred', toTeamId: 'team-9', status: 'queued' }));
  });

  test("a chat that changed meanwhile is not moved, and the new seller's slot is given back", async () => {
    const w = world();
    w.addSeller('from');
    w.addSeller('to');
    const contact = w.addChat({ visitorId: 'v1', target: 'from', status: 'assigned', sellerId: 'from', queueKey: undefined });
    (w.sellers.get('from')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    w.before.reassign = () => Object.assign(w.lineOf(contact.contactId) as ChatItem, { status: 'ended' });
    expect(await w.lifecycle.transfer(contact, 'from', { toSellerId: 'to' })).toBeUndefined();
    expect([w.slots('from'), w.slots('to')]).toEqual([1, 0]);
    expect(w.posts).toEqual([]);
  });
});

describe('end', () => {
  test('an assigned chat: both sides told, archived with its userInfo, the slot freed, the seller offered its next queued chat', async () => {
    const w = world();
    w.addSeller('s1', { maxChats: 1 });
    const next = w.addChat({ visitorId: 'next', target: 's1' });
    const contact = w.addChat({ visitorId: 'v1', target: 's1', status: 'assigned', sellerId: 's1', queueKey: undefined });
    (w.sellers.get('s1')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    const line = w.lineOf(contact.contactId) as ChatItem;
    const ended = await w.lifecycle.end(contact, 'visitor');
    expect(ended).toMatchObject({ status: 'ended', endedBy: 'visitor', visitorInfo: { name: 'v1' } });
    expect(line).toMatchObject({ status: 'ended', archivedWith: { name: 'v1' } });
    expect(w.framesTo('v1')).toEqual([{ action: 'contactEnded', contact_id: contact.contactId, status: 'ended', endedBy: 'visitor', endedAt: ended.endedAt }]);
    expect(w.actionsTo('s1')).toEqual(['contactEnded', 'contactAssigned', 'contactLeftQueue']);
    expect(w.lineOf(next.contactId)).toMatchObject({ status: 'assigned', sellerId: 's1' });
    expect(w.slots('s1')).toBe(1);
  });

  test("a queued chat leaves its queue: the count is lowered and the queue's sellers are told why", async () => {
    const w = world();
    w.addSeller('member', { teams: ['team-1'] });
    const contact = w.addChat({ visitorId: 'v1', target: 'team-1' });
    expect(w.queuedCount('team-1')).toBe(1);
    await w.lifecycle.end(contact, 'visitor');
    expect(w.queuedCount('team-1')).toBe(0);
    expect(w.framesTo('member')).toEqual([{ action: 'contactLeftQueue', contact_id: contact.contactId, queueKey: 'team-1', reason: 'ended', sellerId: null }]);
  });

  test('ending an ended chat changes nothing: no frames, no slot given back twice', async () => {
    const w = world();
    w.addSeller('s1', { chats: { other: 'v9' } });
    const contact = w.addChat({ visitorId: 'v1', target: 's1', status: 'ended', sellerId: 's1', endedBy: 'seller', endedAt: 't', queueKey: undefined });
    expect(await w.lifecycle.end(contact, 'visitor')).toMatchObject({ status: 'ended', endedBy: 'seller' });
    expect(w.posts).toEqual([]);
    expect(w.slots('s1')).toBe(1);
  });
});

describe('waiting chats say how they wait', () => {
  test('nobody of the target online: the visitor is told at once (the auto-reply) and the queue sees its place', async () => {
    const w = world({ firstResponseSeconds: {}, businessHours: {}, autoReplies: { 'team-1': { offline: 'back at nine' } } });
    w.addSeller('asleep', { teams: ['team-1'], online: false });
    const first = newChat('v1', 'team-1');
    const second = newChat('v2', 'team-1');
    expect((await w.lifecycle.open(first.lineKey, first.chat))?.wait).toEqual({ reason: 'offline', position: 1, autoReply: 'back at nine' });
    expect((await w.lifecycle.open(second.lineKey, second.chat))?.wait).toEqual({ reason: 'offline', position: 2, autoReply: 'back at nine' });
  });

  test('outside its business hours a target says closed, with the default reply when it has none of its own', async () => {
    // open only one minute a week, so it is closed now
    const w = world({ firstResponseSeconds: {}, businessHours: { '*': { timeZone: 'UTC', days: { mon: [[0, 1]] } } }, autoReplies: {} });
    w.addSeller('full', { teams: ['team-1'], maxChats: 1, chats: { x: '1' } });
    const { lineKey, chat } = newChat('v1', 'team-1');
    const wait = (await w.lifecycle.open(lineKey, chat))?.wait;
    if (new Date().getUTCDay() === 1 && new Date().getUTCHours() === 0 && new Date().getUTCMinutes() === 0) return; // that one minute
    expect(wait).toMatchObject({ reason: 'closed', position: 1, autoReply: expect.stringContaining('closed') });
  });
});

describe('first response', () => {
  const sla = { firstResponseSeconds: { 'team-1': 60 }, businessHours: {}, autoReplies: {} };
  const due = (contact: Contact, sellerId: string) => ({ contactId: contact.contactId, visitorId: contact.visitorId, sellerId, target: 'team-1', replyDueAt: '' });

  test('an assignment is due its first reply after the target\'s first-response time', async () => {
    const w = world(sla);
    w.addSeller('s1', { teams: ['team-1'] });
    const { lineKey, chat } = newChat('v1', 'team-1');
    const before = Date.now();
    await w.lifecycle.open(lineKey, chat);
    const dueAt = Date.parse(w.lineOf(chat.contactId)?.replyDueAt as string);
    expect(dueAt - before).toBeGreaterThanOrEqual(60_000);
    expect(dueAt - before).toBeLessThan(65_000);
  });

  test('an unanswered chat moves to an available teammate; the first seller and the visitor are told why, the new seller gets the conversation', async () => {
    const w = world(sla);
    w.addSeller('slow', { teams: ['team-1'] });
    w.addSeller('mate', { teams: ['team-1'] });
    const contact = w.addChat({ visitorId: 'v1', target: 'team-1', status: 'assigned', sellerId: 'slow', queueKey: undefined, seq: 1, replyDueAt: new Date(Date.now() - 1000).toISOString() });
    (w.sellers.get('slow')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    w.messages.set(contact.contactId, [{ contactId: contact.contactId, seq: 1, senderRole: 'visitor', senderId: 'v1', recipientId: 'slow', text: 'anyone?', createdAt: 't' }]);
    expect(await w.lifecycle.reassignUnanswered(due(contact, 'slow'))).toBe('moved');
    expect(w.lineOf(contact.contactId)).toMatchObject({ status: 'assigned', sellerId: 'mate' });
    expect(Date.parse(w.lineOf(contact.contactId)?.replyDueAt as string)).toBeGreaterThan(Date.now());
    expect([w.slots('slow'), w.slots('mate')]).toEqual([0, 1]);
    const moved = { action: 'contactTransferred', contact_id: contact.contactId, fromSellerId: 'slow', toSellerId: null, toTeamId: null, status: 'assigned', sellerId: 'mate', reason: 'first-response' };
    expect(w.framesTo('slow')).toContainEqual(moved);
    expect(w.framesTo('v1')).toEqual([moved, { action: 'contactAssigned', contact_id: contact.contactId, sellerId: 'mate', status: 'assigned' }]);
    expect(w.framesTo('mate')).toContainEqual(expect.objectContaining({ action: 'sendMessage', seq: 1, message: 'anyone?' }));
  });

  test('with nobody else available it stays and is due again later; an answer that came meanwhile keeps it where it is', async () => {
    const w = world(sla);
    w.addSeller('slow', { teams: ['team-1'] });
    const contact = w.addChat({ visitorId: 'v1', target: 'team-1', status: 'assigned', sellerId: 'slow', queueKey: undefined, replyDueAt: new Date(Date.now() - 1000).toISOString() });
    (w.sellers.get('slow')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    expect(await w.lifecycle.reassignUnanswered(due(contact, 'slow'))).toBe('kept');
    expect(Date.parse(w.lineOf(contact.contactId)?.replyDueAt as string)).toBeGreaterThan(Date.now() + 50_000);
    expect(w.posts).toEqual([]);

    w.addSeller('mate', { teams: ['team-1'] });
    Object.assign(w.lineOf(contact.contactId) as ChatItem, { replyDueAt: new Date(Date.now() - 1000).toISOString() });
    // the slow seller answers just before the move's write
    w.before.reassign = () => delete (w.lineOf(contact.contactId) as ChatItem).replyDueAt;
    expect(await w.lifecycle.reassignUnanswered(due(contact, 'slow'))).toBe('changed');
    expect(w.lineOf(contact.contactId)).toMatchObject({ sellerId: 'slow' });
    expect([w.slots('slow'), w.slots('mate')]).toEqual([1, 0]);
  });
});
