/**
 * The chats table. A visitor's chat with one target lives on its line (`L#<lineKey>`): status,
 * seller, the seq of the last message, each side's read mark and last message, each side's message
 * window, and the ring of recent client message ids. Sending a message is ONE conditional update
 * of the line: it authorizes the sender, refuses a flood, recognises a retry and hands out the
 * next seq. No secondary index projects any of those attributes, so the update costs one write.
 * When a chat ends it is copied to `C#<contactId>` and the line is reset for the visitor's next
 * chat with that target.
 */
import { createHash, randomBytes } from 'node:crypto';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '../model/identity';
import type { Chat } from '../model/chat';
import { meetsClauses, senderClauses } from '../model/parties';
import { isConditionFailure, unlessConditionFails } from '../platform/errors';
import { omit } from '../platform/omit';
import type { ContactStatus, Role } from '../protocol/ids';
import { batchGetAll } from './batch';
import { chatKeys, lineKeyOfContact } from './keys';
import { countInWindow, emptyRing, emptyWindowMaps, findInRing, rememberInRing, UpdateBuilder, windowCount } from './update-builder';

/** A line or an ended chat as stored (the hot attributes have short names: every byte is in every message's write). */
export interface ChatItem extends Record<string, unknown> {
  pk: string;
  contactId?: string;
  visitorId?: string;
  target?: string;
  status?: ContactStatus;
  sellerId?: string;
  /** bySeller's sort key: when the chat was assigned (a line) or ended (an ended chat) */
  sellerAt?: string;
  queueKey?: string;
  createdAt?: string;
  lastActivityAt?: string;
  assignedAt?: string;
  endedAt?: string;
  endedBy?: Role;
  seq?: number;
  lastV?: number;
  lastS?: number;
  readV?: number;
  readS?: number;
  /** while the assigned seller has not replied and its target has a first-response time: when its reply is due (the sparse byReplyDue index) */
  replyDueShard?: string;
  replyDueAt?: string;
  /** when a seller first wrote into the chat, and a mark of the write that did (two writes may share a millisecond) */
  firstReplyAt?: string;
  firstReplyMark?: string;
  /** the seller this visitor had last on this line, for sticky assignment; kept across chats */
  lastSellerId?: string;
  /** only on ended chats: the userInfo the visitor gave */
  visitorInfo?: Record<string, unknown>;
}

const sideAttribute = { lastSent: { visitor: 'lastV', seller: 'lastS' }, read: { visitor: 'readV', seller: 'readS' }, window: { visitor: 'rv', seller: 'rs' } } as const;

/** The domain's view of a stored chat; `visitorInfo` comes from the visitor's item while the chat is open. */
export function toChat(item: ChatItem, visitorInfo?: Record<string, unknown>): Chat {
  return {
    contactId: item.contactId as string,
    visitorId: item.visitorId as string,
    visitorInfo: visitorInfo ?? item.visitorInfo ?? {},
    target: item.target as string,
    status: item.status as ContactStatus,
    ...(item.sellerId ? { sellerId: item.sellerId } : {}),
    ...(item.queueKey ? { queueKey: item.queueKey } : {}),
    createdAt: item.createdAt as string,
    lastActivityAt: (item.lastActivityAt ?? item.createdAt) as string,
    ...(item.assignedAt ? { assignedAt: item.assignedAt } : {}),
    lastSeq: Number(item.seq ?? 0),
    lastVisitorSeq: Number(item.lastV ?? 0),
    lastSellerSeq: Number(item.lastS ?? 0),
    visitorReadSeq: Number(item.readV ?? 0),
    sellerReadSeq: Number(item.readS ?? 0),
    ...(item.assistantOff ? { assistantOff: true } : {}),
    ...(item.endedAt ? { endedAt: item.endedAt, endedBy: item.endedBy } : {}),
  };
}

/** The key under which a sender's client message id sits in the dedupe ring: short, and the sender's own. */
export function clientKeyOf(sender: Identity, clientMessageId: string): string {
  return createHash('sha256').update(`${sender.role}#${sender.userId}\n${clientMessageId}`).digest('base64url').slice(0, 12);
}

export interface SendRequest {
  lineKey: string;
  /** when the frame named its chat */
  contactId?: string;
  sender: Identity;
  /** the frame's `to`: a visitor's target or seller, a seller's visitor */
  to?: string;
  clientKey?: string;
  window: { cap: number; windowMs: number };
  dedupeSlotMs: number;
}

export type SendOutcome =
  /** `firstReply`: this was the chat's first seller message (its write set firstReplyAt) */
  | { kind: 'sent'; chat: ChatItem; seq: number; firstReply: boolean }
  | { kind: 'duplicate'; chat: ChatItem; seq: number }
  | { kind: 'not-party' }
  | { kind: 'rate-limited'; retryAfterMs: number };

/** byReplyDue's one partition: at most one write per assignment and one per first reply. */
export const REPLY_DUE_SHARD = 'due';

const setReplyDue = (builder: UpdateBuilder, dueAt: string | undefined) => {
  if (dueAt === undefined) return clearReplyDue(builder);
  builder.set(builder.name('replyDueShard'), builder.value(REPLY_DUE_SHARD));
  builder.set(builder.name('replyDueAt'), builder.value(dueAt));
};
const clearReplyDue = (builder: UpdateBuilder) => {
  for (const attribute of ['replyDueShard', 'replyDueAt']) builder.remove(builder.name(attribute));
};

export interface ChatStore {
  getLine(lineKey: string): Promise<ChatItem | undefined>;
  /** The stored chat of a contactId: its line while the chat is on it, else its ended copy. */
  getChat(contactId: string): Promise<ChatItem | undefined>;
  /** Lines of several chats in one request. */
  getLines(contactIds: string[]): Promise<ChatItem[]>;
  /** Opens `contact` on its line; false when the line holds a chat (open, or ended and not yet archived). */
  claim(lineKey: string, contact: Chat, lastSellerId?: string, replyDueAt?: string): Promise<boolean>;
  /** The message path's one update (see SendOutcome). */
  send(request: SendRequest): Promise<SendOutcome>;
  /** Raises `side`'s read mark of an open or ended chat; `raised: false` when it was there already. */
  markRead(contactId: string, reader: Identity, upToSeq: number): Promise<{ raised: boolean; chat?: ChatItem }>;
  /** `replyDueAt`: when the new seller's first reply is due (its target has a first-response time). */
  assignQueued(contactId: string, sellerId: string, replyDueAt?: string): Promise<ChatItem | undefined>;
  /** `onlyUnansweredBy`: only when the first reply was due by then and has not come (the first-response move). */
  reassign(contactId: string, fromSellerId: string, toSellerId: string, options?: { replyDueAt?: string; onlyUnansweredBy?: string }): Promise<ChatItem | undefined>;
  /** Moves the due time of a still unanswered chat of `sellerId` (nobody else could take it); undefined takes it out of byReplyDue. */
  postponeReplyDue(contactId: string, sellerId: string, replyDueAt: string | undefined): Promise<void>;
  requeue(contactId: string, fromSellerId: string, queueKey: string): Promise<ChatItem | undefined>;
  /** Ends an open chat on its line; the line as it was before, or undefined when it was not open. */
  end(contactId: string, by: Role): Promise<ChatItem | undefined>;
  /** Copies an ended chat off its line (with the visitor's userInfo) and resets the line for the next one. */
  archive(contactId: string, visitorInfo: Record<string, unknown>): Promise<void>;
  /** Deletes the chat (its line back to a stub, or its ended copy). */
  remove(contactId: string): Promise<void>;
  /**
   * A seq for the shop's assistant to answer with: only while the chat waits in its queue (no
   * person holds it) and the visitor has not asked for a person; undefined otherwise.
   */
  takeAssistantTurn(contactId: string): Promise<{ seq: number; chat: ChatItem } | undefined>;
  /** The assistant answers this chat no more (the visitor asked for a person, or it handed over). The line after; undefined when the chat is not on it or the assistant was stopped already. */
  stopAssistant(contactId: string): Promise<ChatItem | undefined>;
  /** A chat the assistant held outside any queue (ASSISTANT `first`) enters queue `queueKey`; undefined when it is no longer waiting for the assistant. */
  enqueue(contactId: string, queueKey: string): Promise<ChatItem | undefined>;
}

/** The store's condition for a sender, from the one rule in model/parties.ts. */
const partyCondition = (update: UpdateBuilder, sender: Identity, to?: string) => {
  for (const clause of senderClauses(sender, to)) {
    const value = update.value(clause.value);
    update.when(clause.attributes.map((attribute) => `${update.name(attribute)} ${clause.differs ? '<>' : '='} ${value}`).join(' OR '));
  }
};

/** The line item a chat is opened with: its parties, status and marks, empty rate windows and dedupe ring. */
export function newLineItem(lineKey: string, contact: Chat, lastSellerId?: string, replyDueAt?: string): ChatItem {
  return {
    ...chatKeys.line(lineKey),
    contactId: contact.contactId,
    visitorId: contact.visitorId,
    target: contact.target,
    status: contact.status,
    ...(contact.sellerId ? { sellerId: contact.sellerId, sellerAt: contact.assignedAt, assignedAt: contact.assignedAt } : {}),
    ...(contact.queueKey ? { queueKey: contact.queueKey } : {}),
    createdAt: contact.createdAt,
    lastActivityAt: contact.lastActivityAt,
    seq: 0,
    ...emptyWindowMaps('rv'),
    ...emptyWindowMaps('rs'),
    ...emptyRing(),
    ...((contact.sellerId ?? lastSellerId) ? { lastSellerId: contact.sellerId ?? lastSellerId } : {}),
    ...(contact.sellerId && replyDueAt ? { replyDueShard: REPLY_DUE_SHARD, replyDueAt } : {}),
  };
}

export function chatStore(db: DynamoDBDocumentClient, table: string): ChatStore {
  const update = async (key: Record<string, unknown>, build: (update: UpdateBuilder) => void, returnValues: 'ALL_NEW' | 'ALL_OLD' = 'ALL_NEW') => {
    const builder = new UpdateBuilder();
    build(builder);
    const answer = await db.send(new UpdateCommand({ TableName: table, Key: key, ...builder.build(), ReturnValues: returnValues }));
    return answer.Attributes as ChatItem;
  };
  const lineOf = (contactId: string) => {
    const lineKey = lineKeyOfContact(contactId);
    return lineKey ? chatKeys.line(lineKey) : undefined;
  };
  /** A conditional update of the chat's line that first checks the line still holds that chat. */
  const onLine = async (contactId: string, build: (update: UpdateBuilder) => void, returnValues: 'ALL_NEW' | 'ALL_OLD' = 'ALL_NEW') => {
    const key = lineOf(contactId);
    if (!key) return undefined;
    return unlessConditionFails(
      update(
        key,
        (builder) => {
          builder.when(`${builder.name('contactId')} = ${builder.value(contactId)}`);
          build(builder);
        },
        returnValues,
      ),
    );
  };

  const store: ChatStore = {
    async getLine(lineKey) {
      const answer = await db.send(new GetCommand({ TableName: table, Key: chatKeys.line(lineKey), ConsistentRead: true }));
      return answer.Item as ChatItem | undefined;
    },

    async getChat(contactId) {
      const line = lineOf(contactId);
      if (!line) return undefined;
      const answer = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [line, chatKeys.ended(contactId)], ConsistentRead: true } } }));
      const items = (answer.Responses?.[table] ?? []) as ChatItem[];
      // the line holds the chat until it is archived; afterwards only the ended copy does
      return items.find((item) => item.pk === line.pk && item.contactId === contactId) ?? items.find((item) => item.pk.startsWith('C#'));
    },

    async getLines(contactIds) {
      const keys = [...new Set(contactIds.map((id) => lineKeyOfContact(id)).filter((key): key is string => key !== undefined))].map(chatKeys.line);
      if (keys.length === 0) return [];
      const items = (await batchGetAll(db, table, keys)) as ChatItem[];
      return items.filter((item) => item.contactId && contactIds.includes(item.contactId));
    },

    async claim(lineKey, contact, lastSellerId, replyDueAt) {
      const item = newLineItem(lineKey, contact, lastSellerId, replyDueAt);
      const claimed = await unlessConditionFails(db.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(contactId)' })));
      return claimed !== undefined;
    },

    async send(request) {
      const side = request.sender.role;
      const key = chatKeys.line(request.lineKey);
      const build = (builder: UpdateBuilder, now: number, mark: string) => {
        if (request.contactId) builder.when(`${builder.name('contactId')} = ${builder.value(request.contactId)}`);
        partyCondition(builder, request.sender, request.to);
        countInWindow(builder, sideAttribute.window[side], request.window.cap, request.window.windowMs, now);
        const seq = builder.name('seq');
        const next = `${seq} + ${builder.value(1)}`;
        if (request.clientKey) rememberInRing(builder, request.clientKey, next, request.dedupeSlotMs, now);
        builder.set(seq, next);
        builder.set(builder.name(sideAttribute.lastSent[side]), next);
        builder.set(builder.name('lastActivityAt'), builder.value(new Date(now).toISOString()));
        if (side === 'seller') {
          // the first reply: the chat leaves byReplyDue (a no-op on later replies)
          clearReplyDue(builder);
          for (const [attribute, value] of [
            ['firstReplyAt', new Date(now).toISOString()],
            ['firstReplyMark', mark],
          ] as const) {
            const path = builder.name(attribute);
            builder.set(path, `if_not_exists(${path}, ${builder.value(value)})`);
          }
        }
      };
      // a refusal is explained by reading the line; when the read finds nothing to refuse, a race moved it on: try again
      for (let attempt = 0; attempt < 3; attempt++) {
        const now = Date.now();
        const mark = side === 'seller' ? randomBytes(6).toString('base64url') : '';
        try {
          const chat = await update(key, (builder) => build(builder, now, mark));
          return { kind: 'sent', chat, seq: Number(chat.seq), firstReply: side === 'seller' && chat.firstReplyMark === mark };
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
        const chat = await store.getLine(request.lineKey);
        if (!chat || !chat.contactId || (request.contactId && chat.contactId !== request.contactId) || !meetsClauses(chat, senderClauses(request.sender, request.to))) {
          return { kind: 'not-party' };
        }
        const duplicateSeq = request.clientKey ? findInRing(chat, request.clientKey) : undefined;
        if (duplicateSeq !== undefined) return { kind: 'duplicate', chat, seq: duplicateSeq };
        const readAt = Date.now();
        if (windowCount(chat, sideAttribute.window[side], request.window.windowMs, readAt) >= request.window.cap) {
          return { kind: 'rate-limited', retryAfterMs: request.window.windowMs - (readAt % request.window.windowMs) };
        }
      }
      throw new Error(`the line of ${request.lineKey} kept changing under sendMessage`);
    },

    async markRead(contactId, reader, upToSeq) {
      const mark = sideAttribute.read[reader.role];
      const build = (builder: UpdateBuilder) => {
        const attribute = builder.name(mark);
        const seq = builder.value(upToSeq);
        builder.when(`${builder.name(reader.role === 'visitor' ? 'visitorId' : 'sellerId')} = ${builder.value(reader.userId)}`);
        builder.when(`attribute_not_exists(${attribute}) OR ${attribute} < ${seq}`);
        builder.when(`${builder.name('seq')} >= ${seq}`);
        builder.set(attribute, seq);
      };
      const onItsLine = await onLine(contactId, build);
      if (onItsLine) return { raised: true, chat: onItsLine };
      const ended = await unlessConditionFails(
        update(chatKeys.ended(contactId), (builder) => {
          builder.when(`attribute_exists(${builder.name('pk')})`);
          build(builder);
        }),
      );
      return ended ? { raised: true, chat: ended } : { raised: false };
    },

    assignQueued(contactId, sellerId, replyDueAt) {
      const now = new Date().toISOString();
      return onLine(contactId, (builder) => {
        const status = builder.name('status');
        builder.when(`${status} = ${builder.value('queued')}`);
        builder.set(status, builder.value('assigned'));
        for (const attribute of ['sellerId', 'lastSellerId']) builder.set(builder.name(attribute), builder.value(sellerId));
        for (const attribute of ['sellerAt', 'assignedAt', 'lastActivityAt']) builder.set(builder.name(attribute), builder.value(now));
        builder.remove(builder.name('queueKey'));
        setReplyDue(builder, replyDueAt);
      });
    },

    reassign(contactId, fromSellerId, toSellerId, options = {}) {
      const now = new Date().toISOString();
      return onLine(contactId, (builder) => {
        builder.when(`${builder.name('sellerId')} = ${builder.value(fromSellerId)} AND ${builder.name('status')} = ${builder.value('assigned')}`);
        if (options.onlyUnansweredBy) builder.when(`${builder.name('replyDueAt')} <= ${builder.value(options.onlyUnansweredBy)}`);
        for (const attribute of ['sellerId', 'lastSellerId']) builder.set(builder.name(attribute), builder.value(toSellerId));
        for (const attribute of ['sellerAt', 'assignedAt', 'lastActivityAt']) builder.set(builder.name(attribute), builder.value(now));
        setReplyDue(builder, options.replyDueAt);
      });
    },

    async postponeReplyDue(contactId, sellerId, replyDueAt) {
      await onLine(contactId, (builder) => {
        builder.when(`${builder.name('sellerId')} = ${builder.value(sellerId)} AND attribute_exists(${builder.name('replyDueAt')})`);
        setReplyDue(builder, replyDueAt);
      });
    },

    requeue(contactId, fromSellerId, queueKey) {
      return onLine(contactId, (builder) => {
        const status = builder.name('status');
        builder.when(`${builder.name('sellerId')} = ${builder.value(fromSellerId)} AND ${status} = ${builder.value('assigned')}`);
        builder.set(status, builder.value('queued'));
        builder.set(builder.name('queueKey'), builder.value(queueKey));
        builder.set(builder.name('lastActivityAt'), builder.value(new Date().toISOString()));
        for (const attribute of ['sellerId', 'sellerAt', 'assignedAt']) builder.remove(builder.name(attribute));
        clearReplyDue(builder);
      });
    },

    end(contactId, by) {
      const now = new Date().toISOString();
      return onLine(
        contactId,
        (builder) => {
          const status = builder.name('status');
          builder.when(`${status} <> ${builder.value('ended')}`);
          builder.set(status, builder.value('ended'));
          builder.set(builder.name('endedAt'), builder.value(now));
          builder.set(builder.name('endedBy'), builder.value(by));
          builder.set(builder.name('lastActivityAt'), builder.value(now));
          builder.remove(builder.name('queueKey'));
          clearReplyDue(builder);
        },
        'ALL_OLD',
      );
    },

    async archive(contactId, visitorInfo) {
      const line = lineOf(contactId);
      const chat = line && (await store.getLine(line.pk.slice(2)));
      if (!line || !chat || chat.contactId !== contactId || chat.status !== 'ended') return;
      // the ended copy leaves behind the line's key, its message windows and id ring, and lastSellerId, which the line keeps
      const kept = omit(chat, ['pk', 'rv0', 'rv1', 'rs0', 'rs1', 'dd0', 'dd1', 'dd2', 'lastSellerId']);
      const { lastSellerId } = chat;
      // bySeller lists an ended chat by when it ended
      const ended: ChatItem = { ...kept, ...chatKeys.ended(contactId), visitorInfo, ...(chat.sellerId ? { sellerAt: chat.endedAt } : {}) };
      await db.send(new PutCommand({ TableName: table, Item: ended }));
      // the line keeps only who the visitor had last; it leaves every index
      await unlessConditionFails(
        db.send(
          new PutCommand({
            TableName: table,
            Item: { ...line, ...(lastSellerId ? { lastSellerId } : {}) },
            ConditionExpression: 'contactId = :c AND #status = :ended',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':c': contactId, ':ended': 'ended' },
          }),
        ),
      );
    },

    async takeAssistantTurn(contactId) {
      const chat = await onLine(contactId, (builder) => {
        const seq = builder.name('seq');
        builder.when(`${builder.name('status')} = ${builder.value('queued')}`);
        builder.when(`attribute_not_exists(${builder.name('assistantOff')})`);
        builder.set(seq, `${seq} + ${builder.value(1)}`);
        // so the chat's end can tell whether the assistant alone served it
        builder.set(builder.name('assistantAnswered'), builder.value(true));
        builder.set(builder.name('lastActivityAt'), builder.value(new Date().toISOString()));
      });
      return chat && { seq: Number(chat.seq), chat };
    },

    async stopAssistant(contactId) {
      return onLine(contactId, (builder) => {
        // once only: the one who stops it hands the chat over
        builder.when(`attribute_not_exists(${builder.name('assistantOff')})`);
        builder.set(builder.name('assistantOff'), builder.value(true));
      });
    },

    enqueue(contactId, queueKey) {
      return onLine(contactId, (builder) => {
        builder.when(`${builder.name('status')} = ${builder.value('queued')}`);
        builder.when(`attribute_not_exists(${builder.name('queueKey')})`);
        builder.set(builder.name('queueKey'), builder.value(queueKey));
        builder.set(builder.name('lastActivityAt'), builder.value(new Date().toISOString()));
      });
    },

    async remove(contactId) {
      const line = lineOf(contactId);
      if (!line) return;
      const chat = await store.getLine(line.pk.slice(2));
      if (chat?.contactId === contactId) {
        const { lastSellerId } = chat;
        await unlessConditionFails(
          db.send(
            new PutCommand({
              TableName: table,
              Item: { ...line, ...(lastSellerId ? { lastSellerId } : {}) },
              ConditionExpression: 'contactId = :c',
              ExpressionAttributeValues: { ':c': contactId },
            }),
          ),
        );
      }
      await db.send(new DeleteCommand({ TableName: table, Key: chatKeys.ended(contactId) }));
    },
  };
  return store;
}
