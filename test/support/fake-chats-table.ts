/**
 * The one in-memory fake of the chats table for unit tests: its items by key (`L#<lineKey>` lines,
 * `C#<contactId>` ended chats) and the ChatStore's conditional writes over them (lib/store/chat-store.ts),
 * plus the byQueue listing the lifecycle reads (ChatQueries.queued). Each write checks what the real
 * one's condition checks and changes what it changes; a refused write changes nothing. The rules
 * the real store takes from elsewhere are taken from there too: who may send (model/parties.ts),
 * how a rate window and the dedupe ring read (store/update-builder.ts), the keys (store/keys.ts).
 *
 * Items are kept as stored (a test may read or change them in place); what the store returns is a copy.
 * `before.<write>` runs once just before that write: a test plays the other writer of a race there.
 */
import type { Chat } from '../../lib/model/chat';
import { meetsClauses, senderClauses } from '../../lib/model/parties';
import { newLineItem, REPLY_DUE_SHARD, type ChatItem, type ChatStore, type SendOutcome } from '../../lib/store/chat-store';
import type { ChatQueries } from '../../lib/store/chat-queries';
import { chatKeys, lineKeyOfContact } from '../../lib/store/keys';
import { DEDUPE_SLOTS, findInRing, windowCount } from '../../lib/store/update-builder';
import { omit } from '../../lib/platform/omit';

export type FakeChatStore = ChatStore & Pick<ChatQueries, 'queued'>;

const windowPrefix = { visitor: 'rv', seller: 'rs' } as const;
const lastSent = { visitor: 'lastV', seller: 'lastS' } as const;
const readMark = { visitor: 'readV', seller: 'readS' } as const;

export function fakeChatsTable() {
  /** The table's items by pk. */
  const items = new Map<string, ChatItem>();
  const before: Partial<Record<keyof FakeChatStore, () => void>> = {};

  const racing = (write: keyof FakeChatStore) => {
    const hook = before[write];
    delete before[write];
    hook?.();
  };
  const copy = <T>(item: T): T => structuredClone(item);
  const line = (lineKey: string) => items.get(chatKeys.line(lineKey).pk);
  /** The line while it holds `contactId`. */
  const lineOf = (contactId: string) => {
    const lineKey = lineKeyOfContact(contactId);
    const item = lineKey === undefined ? undefined : line(lineKey);
    return item?.contactId === contactId ? item : undefined;
  };
  const ended = (contactId: string) => items.get(chatKeys.ended(contactId).pk);
  const setReplyDue = (item: ChatItem, dueAt: string | undefined) => {
    if (dueAt === undefined) clearReplyDue(item);
    else Object.assign(item, { replyDueShard: REPLY_DUE_SHARD, replyDueAt: dueAt });
  };
  const clearReplyDue = (item: ChatItem) => {
    delete item.replyDueShard;
    delete item.replyDueAt;
  };
  /** A conditional update of the line that holds `contactId`: undefined (nothing changed) when it does not, or `when` fails. */
  const onLine = (contactId: string, when: (item: ChatItem) => boolean, apply: (item: ChatItem) => void, returnOld = false) => {
    const item = lineOf(contactId);
    if (!item || !when(item)) return undefined;
    const old = copy(item);
    apply(item);
    return copy(returnOld ? old : item);
  };
  /** The line with only who the visitor had last: out of every index, ready for the next chat. */
  const resetLine = (item: ChatItem) => {
    items.set(item.pk, { pk: item.pk, ...(item.lastSellerId ? { lastSellerId: item.lastSellerId } : {}) });
  };

  const store: FakeChatStore = {
    async getLine(lineKey) {
      return copy(line(lineKey));
    },

    async getChat(contactId) {
      return copy(lineOf(contactId) ?? ended(contactId));
    },

    async getLines(contactIds) {
      return contactIds
        .map(lineOf)
        .filter((item): item is ChatItem => item !== undefined)
        .map(copy);
    },

    async claim(lineKey, contact: Chat, lastSellerId, replyDueAt) {
      racing('claim');
      if (line(lineKey)?.contactId) return false;
      items.set(chatKeys.line(lineKey).pk, newLineItem(lineKey, contact, lastSellerId, replyDueAt));
      return true;
    },

    async send(request): Promise<SendOutcome> {
      racing('send');
      const side = request.sender.role;
      const item = line(request.lineKey);
      if (!item?.contactId || (request.contactId && item.contactId !== request.contactId) || !meetsClauses(item, senderClauses(request.sender, request.to))) {
        return { kind: 'not-party' };
      }
      const earlier = request.clientKey ? findInRing(item, request.clientKey) : undefined;
      if (earlier !== undefined) return { kind: 'duplicate', chat: copy(item), seq: earlier };
      const now = Date.now();
      const { cap, windowMs } = request.window;
      const count = windowCount(item, windowPrefix[side], windowMs, now);
      if (count >= cap) return { kind: 'rate-limited', retryAfterMs: windowMs - (now % windowMs) };

      // the write: one more in this window, the next seq (remembered under the client's key), the activity
      const current = Math.floor(now / windowMs);
      item[`${windowPrefix[side]}${current % 2}`] = { ...(item[`${windowPrefix[side]}${current % 2}`] as object), [`w${current}`]: count + 1 };
      item[`${windowPrefix[side]}${(current + 1) % 2}`] = {};
      const seq = (item.seq ?? 0) + 1;
      if (request.clientKey) {
        const slot = Math.floor(now / request.dedupeSlotMs);
        item[`dd${slot % DEDUPE_SLOTS}`] = { ...(item[`dd${slot % DEDUPE_SLOTS}`] as object), [request.clientKey]: seq };
        item[`dd${(slot + 1) % DEDUPE_SLOTS}`] = {};
      }
      Object.assign(item, { seq, [lastSent[side]]: seq, lastActivityAt: new Date(now).toISOString() });
      let firstReply = false;
      if (side === 'seller') {
        clearReplyDue(item);
        firstReply = item.firstReplyAt === undefined;
        if (firstReply) Object.assign(item, { firstReplyAt: new Date(now).toISOString(), firstReplyMark: `fake-${seq}` });
      }
      return { kind: 'sent', chat: copy(item), seq, firstReply };
    },

    async markRead(contactId, reader, upToSeq) {
      racing('markRead');
      const mark = readMark[reader.role];
      const raises = (item: ChatItem) =>
        item[reader.role === 'visitor' ? 'visitorId' : 'sellerId'] === reader.userId && (item[mark] === undefined || Number(item[mark]) < upToSeq) && Number(item.seq) >= upToSeq;
      const raise = (item: ChatItem) => {
        item[mark] = upToSeq;
      };
      const onItsLine = onLine(contactId, raises, raise);
      if (onItsLine) return { raised: true, chat: onItsLine };
      const endedChat = ended(contactId);
      if (!endedChat || !raises(endedChat)) return { raised: false };
      raise(endedChat);
      return { raised: true, chat: copy(endedChat) };
    },

    async assignQueued(contactId, sellerId, replyDueAt) {
      racing('assignQueued');
      const now = new Date().toISOString();
      return onLine(
        contactId,
        (item) => item.status === 'queued',
        (item) => {
          Object.assign(item, { status: 'assigned', sellerId, lastSellerId: sellerId, sellerAt: now, assignedAt: now, lastActivityAt: now });
          delete item.queueKey;
          setReplyDue(item, replyDueAt);
        },
      );
    },

    async reassign(contactId, fromSellerId, toSellerId, options = {}) {
      racing('reassign');
      const now = new Date().toISOString();
      return onLine(
        contactId,
        (item) =>
          item.sellerId === fromSellerId &&
          item.status === 'assigned' &&
          (!options.onlyUnansweredBy || (item.replyDueAt !== undefined && item.replyDueAt <= options.onlyUnansweredBy)),
        (item) => {
          Object.assign(item, { sellerId: toSellerId, lastSellerId: toSellerId, sellerAt: now, assignedAt: now, lastActivityAt: now });
          setReplyDue(item, options.replyDueAt);
        },
      );
    },

    async postponeReplyDue(contactId, sellerId, replyDueAt) {
      racing('postponeReplyDue');
      onLine(
        contactId,
        (item) => item.sellerId === sellerId && item.replyDueAt !== undefined,
        (item) => setReplyDue(item, replyDueAt),
      );
    },

    async requeue(contactId, fromSellerId, queueKey) {
      racing('requeue');
      return onLine(
        contactId,
        (item) => item.sellerId === fromSellerId && item.status === 'assigned',
        (item) => {
          Object.assign(item, { status: 'queued', queueKey, lastActivityAt: new Date().toISOString() });
          for (const attribute of ['sellerId', 'sellerAt', 'assignedAt'] as const) delete item[attribute];
          clearReplyDue(item);
        },
      );
    },

    async end(contactId, by) {
      racing('end');
      const now = new Date().toISOString();
      return onLine(
        contactId,
        (item) => item.status !== 'ended',
        (item) => {
          Object.assign(item, { status: 'ended', endedAt: now, endedBy: by, lastActivityAt: now });
          delete item.queueKey;
          clearReplyDue(item);
        },
        true,
      );
    },

    async archive(contactId, visitorInfo) {
      racing('archive');
      const item = lineOf(contactId);
      if (!item || item.status !== 'ended') return;
      const kept = omit(copy(item), ['pk', 'rv0', 'rv1', 'rs0', 'rs1', 'dd0', 'dd1', 'dd2', 'lastSellerId']);
      items.set(chatKeys.ended(contactId).pk, { ...kept, ...chatKeys.ended(contactId), visitorInfo, ...(item.sellerId ? { sellerAt: item.endedAt } : {}) });
      resetLine(item);
    },

    async remove(contactId) {
      racing('remove');
      const item = lineOf(contactId);
      if (item) resetLine(item);
      items.delete(chatKeys.ended(contactId).pk);
    },

    async takeAssistantTurn(contactId) {
      racing('takeAssistantTurn');
      const item = lineOf(contactId);
      if (!item || item.status !== 'queued' || item.assistantOff) return undefined;
      item.seq = Number(item.seq ?? 0) + 1;
      item.lastActivityAt = new Date().toISOString();
      item.assistantAnswered = true;
      return { seq: item.seq, chat: copy(item) };
    },

    async stopAssistant(contactId) {
      racing('stopAssistant');
      const item = lineOf(contactId);
      if (!item || item.assistantOff) return undefined;
      item.assistantOff = true;
      return copy(item);
    },

    async enqueue(contactId, queueKey) {
      racing('enqueue');
      return onLine(
        contactId,
        (item) => item.status === 'queued' && item.queueKey === undefined,
        (item) => Object.assign(item, { queueKey, lastActivityAt: new Date().toISOString() }),
      );
    },

    async queued(queueKey, limit) {
      return [...items.values()]
        .filter((item) => item.pk.startsWith('L#') && item.contactId && item.status === 'queued' && item.queueKey === queueKey)
        .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)))
        .slice(0, limit)
        .map(copy);
    },
  };

  return {
    store,
    /** The items by pk, as stored. */
    items,
    before,
    /** Stores `item` as it is (a test's setup, or the other writer of a race); returns it. */
    put(item: ChatItem): ChatItem {
      items.set(item.pk, item);
      return item;
    },
    /** The line of `lineKey`, as stored. */
    line,
    /** The line while it holds `contactId`, as stored. */
    lineOf,
    /** The ended copy of `contactId`, as stored. */
    ended,
  };
}

export type FakeChatsTable = ReturnType<typeof fakeChatsTable>;
