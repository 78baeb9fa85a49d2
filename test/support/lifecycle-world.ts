/**
 * A small in-memory world of the lifecycle's stores (the chats table's fake with its conditional
 * writes, sellers with slots, targets with queue counts, visitors with their open chats) whose
 * pushes go through the real delivery module to the fake management API, which records every
 * frame. The lifecycle tests and the metrics tests drive the real lifecycle against it.
 */
import type { Chat } from '../../lib/model/chat';
import { chatLifecycle, type LifecycleDeps } from '../../lib/chat/lifecycle';
import { delivery } from '../../lib/realtime/delivery';
import { leastActive } from '../../lib/routing/assignment';
import type { TargetRules } from '../../lib/routing/target-rules';
import type { IdentityItem } from '../../lib/store/identity-store';
import { identityKey, lineKeyOfContact, newContactId } from '../../lib/store/keys';
import { toChat, type ChatItem } from '../../lib/store/chat-store';
import type { StoredMessage } from '../../lib/store/message-store';
import type { SellerItem } from '../../lib/store/seller-store';
import type { TargetItem } from '../../lib/store/target-store';
import type { VisitorItem } from '../../lib/store/visitor-store';
import { fakeChatsTable } from './fake-chats-table';
import { fakeManagementApi } from './fake-management-api';

export type Frame = Record<string, unknown>;

/** A small world: the chats table with its conditional writes, sellers with slots, targets with queue counts, and every frame pushed. */
export function world(rules: TargetRules = { firstResponseSeconds: {}, businessHours: {}, autoReplies: {} }) {
  const chats = fakeChatsTable();
  const sellers = new Map<string, SellerItem>();
  const targets = new Map<string, TargetItem>();
  const visitors = new Map<string, VisitorItem>();
  const messages = new Map<string, StoredMessage[]>();
  const management = fakeManagementApi();
  let clock = 0;
  const now = () => new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString();
  const itemOf = (pk: string): IdentityItem | undefined => {
    const [role, id] = pk.split('#') as [string, string];
    return role === 'seller' ? sellers.get(id) : visitors.get(id);
  };

  const deps: LifecycleDeps = {
    chats: chats.store,
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
      client: management.client,
      identities: {
        getMany: async (ids) => new Map(ids.map((i) => [identityKey(i), itemOf(identityKey(i))] as const).filter((e): e is [string, IdentityItem] => e[1] !== undefined)),
        dropConnections: async () => undefined,
      },
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
  const addChat = (over: Partial<ChatItem> & { visitorId: string; target: string }): Chat => {
    const contactId = newContactId(
      over.visitorId
        .padEnd(22, '0')
        .slice(0, 22)
        .replace(/[^A-Za-z0-9_-]/g, '0'),
    );
    const line = chats.put({ pk: `L#${lineKeyOfContact(contactId)}`, contactId, status: 'queued', queueKey: over.target, createdAt: now(), seq: 0, ...over });
    if (!visitors.has(over.visitorId)) addVisitor(over.visitorId);
    (visitors.get(over.visitorId)?.chats as Record<string, unknown>)[contactId] = { target: over.target, info: { name: over.visitorId } };
    if (line.status === 'queued')
      targets.set(over.target, { ...(targets.get(over.target) ?? { pk: `target#${over.target}` }), queued: Number(targets.get(over.target)?.queued ?? 0) + 1 });
    return toChat(line, { name: over.visitorId });
  };
  const slots = (id: string) => Object.keys(sellers.get(id)?.chats ?? {}).length;
  const queuedCount = (id: string) => Number(targets.get(id)?.queued ?? 0);
  const framesTo = (id: string) => management.framesTo(`conn-${id}`) as Frame[];
  const actionsTo = (id: string) => framesTo(id).map((f) => f.action);

  return {
    lifecycle: chatLifecycle(deps),
    deps,
    /** The chats table: its items, and `chats.before.<write>` to play the other writer of a race. */
    chats,
    sellers,
    targets,
    visitors,
    messages,
    management,
    /** Every frame pushed, in order. */
    posts: management.posts as { connectionId: string; frame: Frame }[],
    addSeller,
    addVisitor,
    addChat,
    slots,
    queuedCount,
    framesTo,
    actionsTo,
    /** The line while it holds `contactId`, as stored. */
    lineOf: chats.lineOf,
  };
}

/** A new chat of `visitorId` with `target`, on a line of its own, as `open` takes it. */
export const newChat = (visitorId: string, target: string, over: { previousSellerId?: string } = {}) => {
  const lineKey = visitorId.padEnd(22, 'x').slice(0, 22);
  return { lineKey, chat: { contactId: newContactId(lineKey), visitorId, visitorInfo: { name: visitorId }, target, ...over } };
};
