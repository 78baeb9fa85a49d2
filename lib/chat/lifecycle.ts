/**
 * The one owner of a chat's life and of a seller's capacity. Every change of a chat's status or
 * seller goes through a transition here: it makes its one conditional write on the chat's line,
 * takes or gives back the seller's slot (an entry keyed by the chat in the seller's item, so it
 * cannot be counted twice), and tells both sides and the queue's sellers. Nothing else reserves or
 * releases a slot.
 *
 * ```mermaid
 * stateDiagram-v2
 *   [*] --> assigned: open (a seller of the target has room)
 *   [*] --> queued: open (nobody available)
 *   [*] --> queued: open (ASSISTANT first: with the assistant, in no queue)
 *   queued --> assigned: handOver (the assistant stops; a seller has room)
 *   queued --> assigned: offer (a seller connects, comes online or frees a slot)
 *   assigned --> assigned: transfer (to a seller or a team member with room)
 *   assigned --> queued: requeue (a transfer finds nobody, or the seller is gone past the grace period)
 *   queued --> ended: end
 *   assigned --> ended: end
 * ```
 *
 * | transition | its one write (condition) | capacity | who is told |
 * |---|---|---|---|
 * | open | claim the line (no chat on it) | the chosen seller's slot taken | seller: contactAssigned; or queue: contactQueued `new` |
 * | handOver | queued → assigned, or into the queue (still queued, in none) | as offer, or the queue's count raised | as offer, or queue: contactQueued `new` |
 * | offer | queued → assigned (still queued) | slot taken; given back on a lost race | seller and visitor: contactAssigned, seller: the backlog; queue: contactLeftQueue `assigned` |
 * | requeue | assigned → queued (still that seller's) | old seller's slot freed | visitor, old seller, queue: contactQueued; then offered to the queue |
 * | transfer | seller → seller (still the sender's) | new slot taken, old freed | visitor, both sellers: contactTransferred; new seller: contactAssigned and the backlog; visitor: contactAssigned |
 * | end | open → ended (not ended yet) | seller's slot freed, then offered queued chats | both sides: contactEnded; queue: contactLeftQueue `ended` |
 *
 * A transition whose write finds the chat changed (another seller took it, it ended meanwhile)
 * undoes what it took and reports the loss; it never overwrites the winner. A queue's count of
 * waiting chats is raised before a chat enters it and lowered after it leaves, so it is never low.
 */
import type { Identity, SellerIdentity } from '../model/identity';
import type { Logger } from '../platform/logger';
import { omit } from '../platform/omit';
import type { ContactStatus, Role } from '../protocol/ids';
import { frames, type FrameOf, type QueueReason, type QueueWait, type ServerFrame } from '../protocol/outbound';
import type { Audience, Delivery } from '../realtime/delivery';
import { queueSellers, rankCandidates, sellerState, type AssignmentStrategy, type SellerState } from '../routing/assignment';
import { assistantModeOf, autoReplyFor, replyDueAt, waitReason, type TargetRules } from '../routing/target-rules';
import type { ChatQueries, ReplyDueChat } from '../store/chat-queries';
import type { IdentityStore } from '../store/identity-store';
import { toChat, type ChatItem, type ChatStore } from '../store/chat-store';
import type { MessageStore } from '../store/message-store';
import { sellerRecord, type SellerItem, type SellerStore } from '../store/seller-store';
import type { TargetItem, TargetStore } from '../store/target-store';
import type { VisitorItem, VisitorStore } from '../store/visitor-store';
import type { Chat } from '../model/chat';
import { messageFrame } from './message-frame';
import { parties } from '../model/parties';
import { badRequest } from '../platform/errors';
import { metrics } from '../platform/metrics';

export interface LifecycleDeps {
  chats: Pick<ChatStore, 'claim' | 'getChat' | 'assignQueued' | 'reassign' | 'postponeReplyDue' | 'requeue' | 'enqueue' | 'end' | 'archive'> & Pick<ChatQueries, 'queued'>;
  sellers: Pick<SellerStore, 'getMany' | 'reserve' | 'release'>;
  targets: Pick<TargetStore, 'getMany' | 'countQueued' | 'resetQueued'>;
  visitors: Pick<VisitorStore, 'addOpenChat' | 'removeOpenChat'>;
  identities: Pick<IdentityStore, 'get' | 'getMany'>;
  messages: Pick<MessageStore, 'listAfter'>;
  delivery: Pick<Delivery, 'push' | 'tell' | 'audiences'>;
  strategy: AssignmentStrategy;
  /** Capacity of a seller whose token names none. */
  defaultMaxChats: number;
  connectionTtlMs: number;
  /** Per target: first-response time, business hours, auto-replies. */
  rules: TargetRules;
  log: Pick<Logger, 'info'>;
}

/** Where a chat the assistant handed over is now: with a seller, or waiting in its queue (and how). */
export interface HandedOver {
  status: ContactStatus;
  sellerId?: string;
  queue?: QueueWait;
}

/** A chat as `open` left it; a waiting one says how it waits. */
export type OpenedChat = Chat & { wait?: QueueWait };

export interface NewChat {
  contactId: string;
  visitorId: string;
  visitorInfo: Record<string, unknown>;
  target: string;
  /** The seller this visitor had last time with the same target: it goes first when it has room. */
  previousSellerId?: string;
}

/** Items a caller has read already, so a transition does not read them again. */
export interface Known {
  targets?: Map<string, TargetItem>;
  sellers?: Map<string, SellerItem>;
}

const sellerParty = (sellerId: string): Identity => ({ role: 'seller', userId: sellerId });
const visitorParty = (visitorId: string): Identity => ({ role: 'visitor', userId: visitorId });
const memberIds = (target: TargetItem | undefined) => Object.keys(target?.members ?? {});
/** Messages pushed per round of a backlog. */
const BACKLOG_PAGE = 100;
/** Refused slot reservations after which a start reads its candidates again, and how often it may. */
const STALE_AFTER_REFUSALS = 2;
const MAX_REREADS = 2;

/** The transitions of a chat's life, bound to their collaborators. */
export function chatLifecycle(deps: LifecycleDeps) {
  const { chats, sellers, targets, log } = deps;

  const stateOf = (sellerId: string, item: SellerItem | undefined) => sellerState(sellerId, item, deps.defaultMaxChats, deps.connectionTtlMs);

  /** The sellers of target `S` (S itself and team S's members) as assignment reads them; what is known is not read again. */
  const candidates = async (target: string, known: Known = {}): Promise<SellerState[]> => {
    const targetItem = known.targets?.has(target) ? known.targets.get(target) : (await targets.getMany([target])).get(target);
    const ids = queueSellers(target, memberIds(targetItem));
    const missing = ids.filter((id) => !known.sellers?.has(id));
    const read = missing.length ? await sellers.getMany(missing) : new Map<string, SellerItem>();
    return ids
      .map((id) => ({ id, item: known.sellers?.get(id) ?? read.get(id) }))
      .filter(({ item }) => item !== undefined)
      .map(({ id, item }) => stateOf(id, item));
  };

  /** Takes a slot for `contactId` with the best available candidate; null when nobody has room. */
  const chooseSeller = async (
    states: SellerState[],
    contact: { contactId: string; visitorId: string },
    options: { previousSellerId?: string; exclude?: string[] } = {},
  ): Promise<SellerState | null> => {
    let current = states;
    for (let round = 0; ; round++) {
      let refused = 0;
      for (const sellerId of rankCandidates(current, deps.strategy, options.previousSellerId, options.exclude)) {
        if (await sellers.reserve(sellerId, contact.contactId, contact.visitorId)) return current.find((s) => s.sellerId === sellerId) as SellerState;
        // a refused slot means what we read is stale (concurrent starts filled it): read the sellers again
        // rather than try every member of a full team one write at a time; the last round tries them all,
        // so a seller with room is never passed over
        if (++refused === STALE_AFTER_REFUSALS && round < MAX_REREADS) break;
      }
      if (refused < STALE_AFTER_REFUSALS || round === MAX_REREADS) return null;
      const fresh = await sellers.getMany(current.map((s) => s.sellerId));
      current = current.filter((s) => fresh.has(s.sellerId)).map((s) => stateOf(s.sellerId, fresh.get(s.sellerId)));
    }
  };

  const audienceOf = (state: SellerState): Audience => ({ identity: sellerParty(state.sellerId), connections: state.connections ?? [] });

  /** How a chat that just entered `queueKey` (now `position` long) waits, given the queue's sellers: the visitor's copy with the auto-reply, the sellers' without. */
  const waitingIn = (queueKey: string, members: SellerState[], position: number | undefined): { wait: QueueWait; forSellers: QueueWait } => {
    const reason = waitReason(
      deps.rules,
      queueKey,
      members.some((s) => s.online !== false && !s.away),
      new Date(),
    );
    const autoReply = autoReplyFor(deps.rules, queueKey, reason);
    const forSellers: QueueWait = { reason, position: position ?? null };
    return { wait: autoReply ? { ...forSellers, autoReply } : forSellers, forSellers };
  };
  const dueAt = (target: string) => replyDueAt(deps.rules, target, Date.now());

  const tellQueue = async (queueKey: string, frame: ServerFrame, known?: SellerState[], except: string[] = []) => {
    const members = (known ?? (await candidates(queueKey))).filter((s) => !except.includes(s.sellerId));
    await deps.delivery.push(members.map(audienceOf), frame);
  };

  /** Every message so far, in order, to a seller that just got the chat. */
  const pushBacklog = async (contactId: string, seller: Audience) => {
    for (let after = 0; ;) {
      const page = await deps.messages.listAfter(contactId, after, BACKLOG_PAGE);
      for (const message of page) await deps.delivery.push([seller], await messageFrame(message));
      if (page.length < BACKLOG_PAGE) return;
      after = page.at(-1)?.seq ?? after;
    }
  };

  /** The visitor's item: its userInfo for this chat and its connections. */
  const visitorOf = async (visitorId: string) => (await deps.identities.get(visitorParty(visitorId))) as VisitorItem | undefined;
  const infoOf = (visitor: VisitorItem | undefined, contactId: string) => visitor?.chats?.[contactId]?.info ?? {};

  /** Tells the new seller whose chat it is (and sends it the conversation), and a waiting visitor who took it. */
  const announceAssignment = async (chat: ChatItem, seller: SellerState, visitorWaited: boolean) => {
    const visitorId = chat.visitorId as string;
    const contactId = chat.contactId as string;
    const visitor = await visitorOf(visitorId);
    const sellerAudience = audienceOf(seller);
    await deps.delivery.push([sellerAudience], frames.contactAssignedToSeller({ contactId, visitorId, userInfo: infoOf(visitor, contactId) }));
    await Promise.all([
      visitorWaited
        ? deps.delivery.push(
            deps.delivery.audiences([visitorParty(visitorId)], new Map(visitor ? [[visitor.pk, visitor]] : [])),
            frames.contactAssignedToVisitor({ contactId, sellerId: seller.sellerId }),
          )
        : undefined,
      (chat.seq ?? 0) > 0 ? pushBacklog(contactId, sellerAudience) : undefined,
    ]);
  };

  /** queued → assigned, once `seller`'s slot is reserved; gives the slot back when someone else got the chat first. */
  const takeQueued = async (queued: ChatItem, seller: SellerState, members?: SellerState[]): Promise<ChatItem | undefined> => {
    const contactId = queued.contactId as string;
    const queueKey = queued.queueKey ?? (queued.target as string);
    const assigned = await chats.assignQueued(contactId, seller.sellerId, dueAt(queued.target ?? queueKey));
    if (!assigned) {
      await sellers.release(seller.sellerId, contactId);
      return undefined;
    }
    await targets.countQueued(queueKey, -1);
    // from the chat's start: a requeued chat counts its earlier time with a seller too
    if (queued.createdAt) metrics.timing('QueueWaitMs', Date.now() - Date.parse(queued.createdAt));
    log.info('queued chat assigned', { contactId, sellerId: seller.sellerId });
    // the new seller hears of its chat before the queue hears it left
    await announceAssignment(assigned, seller, true);
    await tellQueue(queueKey, frames.contactLeftQueue({ contactId, queueKey, reason: 'assigned', sellerId: seller.sellerId }), members);
    return assigned;
  };

  /** Gives a queued chat to an available seller of its queue (never one in `exclude`); undefined when it stays queued. */
  const offerToQueue = async (queued: ChatItem, exclude: string[]): Promise<ChatItem | undefined> => {
    if (!queued.queueKey) return undefined;
    const states = await candidates(queued.queueKey);
    const seller = await chooseSeller(states, { contactId: queued.contactId as string, visitorId: queued.visitorId as string }, { exclude });
    return seller ? takeQueued(queued, seller, states) : undefined;
  };

  /** Tells the visitor and the sellers a chat moved (the transferring seller's note stays with the sellers). */
  const tellMove = async (contact: { contactId: string; visitorId: string }, sellerIds: string[], frame: FrameOf<'contactTransferred'>) => {
    await Promise.all([deps.delivery.tell([visitorParty(contact.visitorId)], omit(frame, ['note'])), deps.delivery.tell(sellerIds.map(sellerParty), frame)]);
  };

  /**
   * assigned → assigned to `newSeller`, whose slot is reserved: the one write, the old seller's slot
   * freed, everyone told, the new seller given the chat and its backlog, and the old seller offered
   * its next queued chat. Undefined (the slot given back) when the chat changed meanwhile.
   */
  const moveTo = async (
    contact: { contactId: string; visitorId: string },
    fromSellerId: string,
    newSeller: SellerState,
    frame: FrameOf<'contactTransferred'>,
    options: { replyDueAt?: string; onlyUnansweredBy?: string },
  ): Promise<ChatItem | undefined> => {
    const moved = await chats.reassign(contact.contactId, fromSellerId, newSeller.sellerId, options);
    if (!moved) {
      await sellers.release(newSeller.sellerId, contact.contactId);
      return undefined;
    }
    await sellers.release(fromSellerId, contact.contactId);
    await tellMove(contact, [fromSellerId, newSeller.sellerId], frame);
    await announceAssignment(moved, newSeller, true);
    await lifecycle.offerQueuedTo(fromSellerId);
    return moved;
  };

  const lifecycle = {
    /**
     * A new chat on `lineKey`: assigned to an available seller of `target`, or queued there when
     * nobody has room. Undefined when a concurrent start claimed the line first (nothing is kept).
     */
    async open(lineKey: string, chat: NewChat, known: Known = {}): Promise<OpenedChat | undefined> {
      // ASSISTANT `first`: the assistant has the chat, outside any queue, until it hands it over
      const assistantFirst = assistantModeOf(deps.rules.assistantModes ?? {}, chat.target) === 'first';
      const states = assistantFirst ? [] : await candidates(chat.target, known);
      const seller = assistantFirst ? null : await chooseSeller(states, chat, { previousSellerId: chat.previousSellerId });
      const now = new Date().toISOString();
      const contact: Chat = {
        contactId: chat.contactId,
        visitorId: chat.visitorId,
        visitorInfo: chat.visitorInfo,
        target: chat.target,
        status: seller ? 'assigned' : 'queued',
        ...(seller ? { sellerId: seller.sellerId, assignedAt: now } : assistantFirst ? {} : { queueKey: chat.target }),
        createdAt: now,
        lastActivityAt: now,
        lastSeq: 0,
      };
      const queued = !seller && !assistantFirst;
      const position = queued ? await targets.countQueued(chat.target, 1) : undefined;
      const [claimed] = await Promise.all([
        chats.claim(lineKey, contact, chat.previousSellerId, seller ? dueAt(chat.target) : undefined),
        deps.visitors.addOpenChat(chat.visitorId, chat.contactId, { target: chat.target, info: chat.visitorInfo }),
      ]);
      if (!claimed) {
        await Promise.all([
          seller ? sellers.release(seller.sellerId, chat.contactId) : queued ? targets.countQueued(chat.target, -1) : undefined,
          deps.visitors.removeOpenChat(chat.visitorId, chat.contactId),
        ]);
        return undefined;
      }
      log.info('chat started', { contactId: contact.contactId, target: contact.target, sellerId: seller?.sellerId, status: contact.status, assistantFirst });
      if (seller) {
        await deps.delivery.push(
          [audienceOf(seller)],
          frames.contactAssignedToSeller({ contactId: contact.contactId, visitorId: contact.visitorId, userInfo: contact.visitorInfo }),
        );
        return contact;
      }
      if (assistantFirst) return contact;
      const { wait, forSellers } = waitingIn(chat.target, states, position);
      await tellQueue(chat.target, frames.contactQueued({ contactId: contact.contactId, queueKey: chat.target, fromSellerId: null, reason: 'new', waiting: forSellers }), states);
      return { ...contact, wait };
    },

    /**
     * The assistant stopped answering `line`'s chat (the visitor asked for a person, the model or
     * the engine could not answer): the chat goes to a person as a new one does, to a seller of its
     * target with room, else into its queue (where a `waiting` chat already is) with the reason it
     * waits. Says where the chat is now, so the visitor can be told; never leaves it with nobody.
     */
    async handOver(line: ChatItem): Promise<HandedOver> {
      const contactId = line.contactId as string;
      const visitorId = line.visitorId as string;
      const target = line.target as string;
      if (line.status !== 'queued') return { status: (line.status as ContactStatus | undefined) ?? 'ended', ...(line.sellerId ? { sellerId: line.sellerId } : {}) };
      const queueKey = line.queueKey ?? target;
      const whereNow = async (): Promise<HandedOver> => {
        const current = await chats.getChat(contactId);
        return { status: (current?.status as ContactStatus | undefined) ?? 'ended', ...(current?.sellerId ? { sellerId: current.sellerId } : {}) };
      };
      const states = await candidates(queueKey);
      const seller = await chooseSeller(states, { contactId, visitorId });
      if (seller) {
        let assigned: ChatItem | undefined;
        if (line.queueKey) assigned = await takeQueued(line, seller, states);
        else {
          assigned = await chats.assignQueued(contactId, seller.sellerId, dueAt(target));
          if (assigned) await announceAssignment(assigned, seller, true);
          else await sellers.release(seller.sellerId, contactId);
        }
        if (assigned) log.info('chat handed to a seller', { contactId, sellerId: seller.sellerId });
        return assigned ? { status: 'assigned', sellerId: seller.sellerId } : whereNow();
      }
      if (line.queueKey) return { status: 'queued', queue: waitingIn(queueKey, states, undefined).wait };
      const position = await targets.countQueued(queueKey, 1);
      if (!(await chats.enqueue(contactId, queueKey))) {
        await targets.countQueued(queueKey, -1);
        return whereNow();
      }
      const { wait, forSellers } = waitingIn(queueKey, states, position);
      await tellQueue(queueKey, frames.contactQueued({ contactId, queueKey, fromSellerId: null, reason: 'new', waiting: forSellers }), states);
      return { status: 'queued', queue: wait };
    },

    /**
     * Gives `seller` the chats waiting in `queueKeys` (its own and its teams' queues that have any),
     * oldest first, while it has room. A queue whose count says chats wait but that has none has its
     * count set back to 0.
     */
    async offerQueued(seller: SellerIdentity & { connections?: Audience['connections'] }, queueKeys: Map<string, number>): Promise<ChatItem[]> {
      if (queueKeys.size === 0) return [];
      const room = seller.maxChats ?? deps.defaultMaxChats;
      const queues = await Promise.all([...queueKeys].map(async ([key, count]) => ({ key, count, chats: await chats.queued(key, room) })));
      for (const queue of queues) if (queue.chats.length === 0) await targets.resetQueued(queue.key, queue.count);
      const oldestFirst = queues.flatMap((queue) => queue.chats).sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
      const state: SellerState = {
        sellerId: seller.userId,
        activeChats: 0,
        maxChats: room,
        lastAssignedAt: '',
        connections: seller.connections,
      };
      const taken: ChatItem[] = [];
      for (const queued of oldestFirst) {
        if (!(await sellers.reserve(seller.userId, queued.contactId as string, queued.visitorId as string))) continue;
        const assigned = await takeQueued(queued, state);
        if (assigned) taken.push(assigned);
      }
      return taken;
    },

    /** offerQueued for a seller known only by id: only when it is online and not away. */
    async offerQueuedTo(sellerId: string): Promise<ChatItem[]> {
      const item = (await sellers.getMany([sellerId])).get(sellerId);
      const record = sellerRecord(sellerId, item, deps.connectionTtlMs);
      if (!record || record.presence === 'away' || record.connectionIds.length === 0) return [];
      const queueIds = [sellerId, ...record.teams];
      const counts = await targets.getMany(queueIds);
      const waiting = new Map(queueIds.map((id) => [id, Number(counts.get(id)?.queued ?? 0)] as const).filter(([, count]) => count > 0));
      const state = stateOf(sellerId, item);
      return lifecycle.offerQueued({ role: 'seller', userId: sellerId, teams: record.teams, maxChats: record.maxChats, connections: state.connections }, waiting);
    },

    /**
     * Puts a chat of `fromSellerId` back in queue `queueKey`, frees that seller's slot, tells the
     * visitor, the old seller and the queue, and offers it to the queue's other available sellers.
     * Undefined when the chat is no longer that seller's (ended or moved meanwhile).
     */
    async requeue(contact: Chat, fromSellerId: string, queueKey: string, reason: Exclude<QueueReason, 'new'>): Promise<Chat | undefined> {
      const position = await targets.countQueued(queueKey, 1);
      const queued = await chats.requeue(contact.contactId, fromSellerId, queueKey);
      if (!queued) {
        await targets.countQueued(queueKey, -1);
        return undefined;
      }
      await sellers.release(fromSellerId, contact.contactId);
      log.info('chat requeued', { contactId: contact.contactId, fromSellerId, queueKey, reason });
      const members = await candidates(queueKey);
      const { wait, forSellers } = waitingIn(
        queueKey,
        members.filter((s) => s.sellerId !== fromSellerId),
        position,
      );
      const queuedFrame = (waiting: QueueWait) => frames.contactQueued({ contactId: contact.contactId, queueKey, fromSellerId, reason, waiting });
      const event = queuedFrame(forSellers);
      await Promise.all([
        deps.delivery.tell([visitorParty(contact.visitorId)], queuedFrame(wait)),
        deps.delivery.tell([sellerParty(fromSellerId)], event),
        tellQueue(queueKey, event, members, [fromSellerId]),
      ]);
      const assigned = await offerToQueue(queued, [fromSellerId]);
      return toChat(assigned ?? queued, contact.visitorInfo);
    },

    /**
     * Moves a chat of `fromSellerId` to seller `toSellerId` or to a member of team `toTeamId` (never
     * back to `fromSellerId`); with nobody available it waits in that seller's or team's queue.
     * Undefined when the chat changed meanwhile.
     */
    async transfer(contact: Chat, fromSellerId: string, to: { toSellerId?: string; toTeamId?: string; note?: string }): Promise<Chat | undefined> {
      const target = (to.toSellerId ?? to.toTeamId) as string;
      const transferred = (status: Chat['status'], sellerId?: string) =>
        frames.contactTransferred({
          contactId: contact.contactId,
          fromSellerId,
          toSellerId: to.toSellerId ?? null,
          toTeamId: to.toTeamId ?? null,
          status,
          sellerId,
          reason: 'transfer',
          note: to.note,
        });

      const states = await candidates(target);
      // a typo must not park the chat in a queue nobody serves: the target has to be a seller who has connected, or a team with members
      if (states.length === 0) {
        const field = to.toSellerId ? 'toSellerId' : 'toTeamId';
        throw badRequest(`${field}: no ${to.toSellerId ? 'seller' : 'team'} "${target}" is known here (a seller is known once it has connected, a team once a member has)`);
      }
      const newSeller = await chooseSeller(states, contact, { exclude: [fromSellerId] });
      if (!newSeller) {
        const queued = await lifecycle.requeue(contact, fromSellerId, target, 'transfer');
        if (!queued) return undefined;
        await tellMove(contact, [fromSellerId], transferred(queued.status));
        log.info('chat transferred', { contactId: contact.contactId, fromSellerId, target, status: queued.status });
        return queued;
      }
      const moved = await moveTo(contact, fromSellerId, newSeller, transferred('assigned', newSeller.sellerId), { replyDueAt: dueAt(contact.target) });
      if (moved) log.info('chat transferred', { contactId: contact.contactId, fromSellerId, toSellerId: newSeller.sellerId });
      return moved && toChat(moved, contact.visitorInfo);
    },

    /**
     * An assigned chat whose seller did not answer within its target's first-response time goes to
     * another available seller of the target (the first seller and the visitor are told why); with
     * nobody available it stays, due again one first-response time later. 'changed' when the seller
     * answered, or the chat moved or ended, meanwhile.
     */
    async reassignUnanswered(due: ReplyDueChat, now = Date.now()): Promise<'moved' | 'kept' | 'changed'> {
      const contact = { contactId: due.contactId, visitorId: due.visitorId };
      const newSeller = await chooseSeller(await candidates(due.target), contact, { exclude: [due.sellerId] });
      if (!newSeller) {
        // a target whose first-response time was turned off since: the chat leaves the index
        await chats.postponeReplyDue(due.contactId, due.sellerId, replyDueAt(deps.rules, due.target, now));
        return 'kept';
      }
      const frame = frames.contactTransferred({
        contactId: due.contactId,
        fromSellerId: due.sellerId,
        toSellerId: null,
        toTeamId: null,
        status: 'assigned',
        sellerId: newSeller.sellerId,
        reason: 'first-response',
      });
      const moved = await moveTo(contact, due.sellerId, newSeller, frame, { replyDueAt: replyDueAt(deps.rules, due.target, now), onlyUnansweredBy: new Date(now).toISOString() });
      if (!moved) return 'changed';
      log.info('chat moved for its first response', { contactId: due.contactId, fromSellerId: due.sellerId, toSellerId: newSeller.sellerId });
      return 'moved';
    },

    /**
     * Ends an open chat: both sides are told, the seller's slot is freed and it is offered its next
     * queued chat; a queued chat leaves its queue. An ended chat stays as it is and is returned.
     */
    async end(contact: Chat, by: Role): Promise<Chat> {
      const before = await chats.end(contact.contactId, by);
      if (!before) {
        const current = await chats.getChat(contact.contactId);
        return current ? toChat(current, contact.visitorInfo) : contact;
      }
      const visitor = await visitorOf(contact.visitorId);
      const visitorInfo = visitor?.chats?.[contact.contactId]?.info ?? contact.visitorInfo;
      await chats.archive(contact.contactId, visitorInfo);
      const endedAt = new Date().toISOString();
      const after: Chat = { ...toChat(before, visitorInfo), status: 'ended', endedAt, endedBy: by, lastActivityAt: endedAt };
      delete after.queueKey;
      log.info('chat ended', { contactId: contact.contactId, by });
      // the shop's assistant answered it and nobody asked for, or was handed, a person
      if (before.status === 'queued' && before.assistantAnswered && !before.assistantOff) metrics.count('AssistantResolvedChats');
      await Promise.all([
        deps.visitors.removeOpenChat(contact.visitorId, contact.contactId),
        before.status === 'assigned' && before.sellerId ? sellers.release(before.sellerId, contact.contactId) : undefined,
        before.status === 'queued' && before.queueKey ? targets.countQueued(before.queueKey, -1) : undefined,
      ]);
      await deps.delivery.tell(parties({ visitorId: contact.visitorId, sellerId: before.sellerId }), frames.contactEnded({ contactId: contact.contactId, endedBy: by, endedAt }));
      if (before.status === 'queued' && before.queueKey) {
        await tellQueue(before.queueKey, frames.contactLeftQueue({ contactId: contact.contactId, queueKey: before.queueKey, reason: 'ended', sellerId: null }));
      }
      if (before.status === 'assigned' && before.sellerId) await lifecycle.offerQueuedTo(before.sellerId);
      return after;
    },
  };
  return lifecycle;
}

export type ChatLifecycle = ReturnType<typeof chatLifecycle>;
