/**
 * Every transition of a chat's life against in-memory fakes of the stores (the pushes go through the
 * real delivery module to a fake management API): the one conditional write, the seller's slot, the
 * queue's count, and who is told what, including the lost races where another writer got there first.
 */
import type { Chat } from '../../lib/model/chat';
import type { ChatItem } from '../../lib/store/chat-store';
import type { SellerItem } from '../../lib/store/seller-store';
import { newChat, world } from '../support/lifecycle-world';

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
    expect(w.framesTo('idle')).toEqual([{ action: 'contactAssigned', contact_id: chat.contactId, visitor: { userId: 'v1', userInfo: { name: 'v1' } }, status: 'assigned' }]);
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
      [...full, 'room'].map((id) => [
        id,
        { ...structuredClone(w.sellers.get(id) as SellerItem), chats: {}, ...(id === 'room' ? { lastAssignedAt: '2030-01-01T00:00:00.000Z' } : {}) },
      ]),
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
    const queued = {
      action: 'contactQueued',
      contact_id: chat.contactId,
      status: 'queued',
      queueKey: 'team-1',
      fromSellerId: null,
      reason: 'new',
      waiting: { reason: 'busy', position: 1 },
    };
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
    w.chats.before.claim = () => w.chats.put({ pk: `L#${lineKey}`, contactId: 'someone-else', status: 'assigned' });
    expect(await w.lifecycle.open(lineKey, chat)).toBeUndefined();
    expect(w.slots('s1')).toBe(0);
    expect(w.posts).toEqual([]);
  });

  test('a queued start that loses its line gives the queue count back', async () => {
    const w = world();
    const { lineKey, chat } = newChat('v1', 'nobody');
    w.chats.before.claim = () => w.chats.put({ pk: `L#${lineKey}`, contactId: 'someone-else', status: 'queued' });
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
    const taken = await w.lifecycle.offerQueued(
      { role: 'seller', userId: 's1', teams: ['team-1'], maxChats: 2, connections: [{ connectionId: 'conn-s1', connectedAt: Date.now() }] },
      new Map([
        ['team-1', 2],
        ['s1', 1],
      ]),
    );
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
    w.chats.before.assignQueued = () => {
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
    const queued = {
      action: 'contactQueued',
      contact_id: contact.contactId,
      status: 'queued',
      queueKey: 'team-1',
      fromSellerId: 'gone',
      reason: 'presence',
      waiting: { reason: 'busy', position: 1 },
    };
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
    w.chats.before.requeue = () => Object.assign(w.lineOf(contact.contactId) as ChatItem, { status: 'ended' });
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
    const transferred = {
      action: 'contactTransferred',
      contact_id: contact.contactId,
      fromSellerId: 'from',
      toSellerId: 'to',
      toTeamId: null,
      status: 'assigned',
      sellerId: 'to',
      reason: 'transfer',
    };
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
    // the team is known (a member has connected once) but nobody of it is online
    w.addSeller('member-9', { teams: ['team-9'], online: false });
    const moved = await w.lifecycle.transfer(contact, 'from', { toTeamId: 'team-9' });
    expect(moved).toMatchObject({ status: 'queued', queueKey: 'team-9' });
    expect([w.slots('from'), w.queuedCount('team-9')]).toEqual([0, 1]);
    expect(w.actionsTo('v1')).toEqual(['contactQueued', 'contactTransferred']);
    expect(w.framesTo('from')).toContainEqual(expect.objectContaining({ action: 'contactTransferred', toTeamId: 'team-9', status: 'queued' }));
  });

  test('to a seller or team nobody knows: BAD_REQUEST naming the field, and the chat stays', async () => {
    const w = world();
    w.addSeller('from');
    const contact = w.addChat({ visitorId: 'v1', target: 'from', status: 'assigned', sellerId: 'from', queueKey: undefined });
    (w.sellers.get('from')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    await expect(w.lifecycle.transfer(contact, 'from', { toSellerId: 'typo' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^toSellerId: no seller "typo"/),
    });
    expect([w.slots('from'), w.posts]).toEqual([1, []]);
  });

  test("a chat that changed meanwhile is not moved, and the new seller's slot is given back", async () => {
    const w = world();
    w.addSeller('from');
    w.addSeller('to');
    const contact = w.addChat({ visitorId: 'v1', target: 'from', status: 'assigned', sellerId: 'from', queueKey: undefined });
    (w.sellers.get('from')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    w.chats.before.reassign = () => Object.assign(w.lineOf(contact.contactId) as ChatItem, { status: 'ended' });
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
    const ended = await w.lifecycle.end(contact, 'visitor');
    expect(ended).toMatchObject({ status: 'ended', endedBy: 'visitor', visitorInfo: { name: 'v1' } });
    // archived with its userInfo: the ended copy holds it, and the line is free for the visitor's next chat
    expect(w.chats.ended(contact.contactId)).toMatchObject({ status: 'ended', endedBy: 'visitor', visitorInfo: { name: 'v1' } });
    expect(w.lineOf(contact.contactId)).toBeUndefined();
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
  const due = (contact: Chat, sellerId: string) => ({ contactId: contact.contactId, visitorId: contact.visitorId, sellerId, target: 'team-1', replyDueAt: '' });

  test("an assignment is due its first reply after the target's first-response time", async () => {
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
    const contact = w.addChat({
      visitorId: 'v1',
      target: 'team-1',
      status: 'assigned',
      sellerId: 'slow',
      queueKey: undefined,
      seq: 1,
      replyDueAt: new Date(Date.now() - 1000).toISOString(),
    });
    (w.sellers.get('slow')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    w.messages.set(contact.contactId, [{ contactId: contact.contactId, seq: 1, senderRole: 'visitor', senderId: 'v1', recipientId: 'slow', text: 'anyone?', createdAt: 't' }]);
    expect(await w.lifecycle.reassignUnanswered(due(contact, 'slow'))).toBe('moved');
    expect(w.lineOf(contact.contactId)).toMatchObject({ status: 'assigned', sellerId: 'mate' });
    expect(Date.parse(w.lineOf(contact.contactId)?.replyDueAt as string)).toBeGreaterThan(Date.now());
    expect([w.slots('slow'), w.slots('mate')]).toEqual([0, 1]);
    const moved = {
      action: 'contactTransferred',
      contact_id: contact.contactId,
      fromSellerId: 'slow',
      toSellerId: null,
      toTeamId: null,
      status: 'assigned',
      sellerId: 'mate',
      reason: 'first-response',
    };
    expect(w.framesTo('slow')).toContainEqual(moved);
    expect(w.framesTo('v1')).toEqual([moved, { action: 'contactAssigned', contact_id: contact.contactId, sellerId: 'mate', status: 'assigned' }]);
    expect(w.framesTo('mate')).toContainEqual(expect.objectContaining({ action: 'sendMessage', seq: 1, message: 'anyone?' }));
  });

  test('with nobody else available it stays and is due again later; an answer that came meanwhile keeps it where it is', async () => {
    const w = world(sla);
    w.addSeller('slow', { teams: ['team-1'] });
    const contact = w.addChat({
      visitorId: 'v1',
      target: 'team-1',
      status: 'assigned',
      sellerId: 'slow',
      queueKey: undefined,
      replyDueAt: new Date(Date.now() - 1000).toISOString(),
    });
    (w.sellers.get('slow')?.chats as Record<string, string>)[contact.contactId] = 'v1';
    expect(await w.lifecycle.reassignUnanswered(due(contact, 'slow'))).toBe('kept');
    expect(Date.parse(w.lineOf(contact.contactId)?.replyDueAt as string)).toBeGreaterThan(Date.now() + 50_000);
    expect(w.posts).toEqual([]);

    w.addSeller('mate', { teams: ['team-1'] });
    Object.assign(w.lineOf(contact.contactId) as ChatItem, { replyDueAt: new Date(Date.now() - 1000).toISOString() });
    // the slow seller answers just before the move's write
    w.chats.before.reassign = () => delete (w.lineOf(contact.contactId) as ChatItem).replyDueAt;
    expect(await w.lifecycle.reassignUnanswered(due(contact, 'slow'))).toBe('changed');
    expect(w.lineOf(contact.contactId)).toMatchObject({ sellerId: 'slow' });
    expect([w.slots('slow'), w.slots('mate')]).toEqual([1, 0]);
  });
});

describe('the assistant first (ASSISTANT first), then handOver', () => {
  const firstRules = { firstResponseSeconds: {}, businessHours: {}, autoReplies: {}, assistantModes: { 'team-1': 'first' as const } };

  test('a new chat goes to the assistant, in no queue, even when a seller has room: no slot taken, no count, nobody told', async () => {
    const w = world(firstRules);
    w.addSeller('idle', { teams: ['team-1'] });
    const { lineKey, chat } = newChat('v1', 'team-1');
    const contact = await w.lifecycle.open(lineKey, chat);
    expect(contact).toMatchObject({ status: 'queued' });
    expect(contact?.queueKey).toBeUndefined();
    expect(contact?.wait).toBeUndefined();
    expect(w.lineOf(chat.contactId)?.queueKey).toBeUndefined();
    expect(w.slots('idle')).toBe(0);
    expect(w.queuedCount('team-1')).toBe(0);
    expect(w.posts).toEqual([]);
  });

  test('handed over with a seller online: assigned to it with the conversation so far, the visitor told who', async () => {
    const w = world(firstRules);
    w.addSeller('idle', { teams: ['team-1'] });
    w.addVisitor('v1');
    const { lineKey, chat } = newChat('v1', 'team-1');
    await w.lifecycle.open(lineKey, chat);
    const line = w.lineOf(chat.contactId) as ChatItem;
    expect(await w.lifecycle.handOver({ ...line, seq: 0 })).toEqual({ status: 'assigned', sellerId: 'idle' });
    expect(w.lineOf(chat.contactId)).toMatchObject({ status: 'assigned', sellerId: 'idle' });
    expect(w.slots('idle')).toBe(1);
    expect(w.actionsTo('idle')).toEqual(['contactAssigned']);
    expect(w.framesTo('v1')).toEqual([expect.objectContaining({ action: 'contactAssigned', contact_id: chat.contactId, sellerId: 'idle' })]);
    expect(w.queuedCount('team-1')).toBe(0);
  });

  test('handed over with nobody online: it enters the queue with its reason and place, and the queue is told', async () => {
    const w = world(firstRules);
    w.addSeller('gone', { teams: ['team-1'], presence: 'away' });
    const { lineKey, chat } = newChat('v1', 'team-1');
    await w.lifecycle.open(lineKey, chat);
    const where = await w.lifecycle.handOver(w.lineOf(chat.contactId) as ChatItem);
    expect(where.status).toBe('queued');
    expect(where.queue).toMatchObject({ reason: 'offline', position: 1 });
    expect(w.lineOf(chat.contactId)).toMatchObject({ status: 'queued', queueKey: 'team-1' });
    expect(w.queuedCount('team-1')).toBe(1);
    expect(w.framesTo('gone')).toEqual([expect.objectContaining({ action: 'contactQueued', contact_id: chat.contactId, reason: 'new' })]);
    // handing over twice (the visitor asked while the engine failed) enters the queue once
    expect((await w.lifecycle.handOver(w.lineOf(chat.contactId) as ChatItem)).status).toBe('queued');
    expect(w.queuedCount('team-1')).toBe(1);
  });

  test('a waiting chat handed over stays in its queue (no second count) unless a seller has room now', async () => {
    const w = world({ firstResponseSeconds: {}, businessHours: {}, autoReplies: {}, assistantModes: { 'team-1': 'waiting' } });
    const waiting = w.addChat({ visitorId: 'v1', target: 'team-1' });
    expect(await w.lifecycle.handOver(w.lineOf(waiting.contactId) as ChatItem)).toMatchObject({ status: 'queued', queue: { reason: 'offline' } });
    expect(w.queuedCount('team-1')).toBe(1);
    w.addSeller('back', { teams: ['team-1'] });
    expect(await w.lifecycle.handOver(w.lineOf(waiting.contactId) as ChatItem)).toEqual({ status: 'assigned', sellerId: 'back' });
    expect(w.queuedCount('team-1')).toBe(0);
  });

  test('a chat that ended meanwhile is not handed to anyone', async () => {
    const w = world(firstRules);
    w.addSeller('idle', { teams: ['team-1'] });
    const { lineKey, chat } = newChat('v1', 'team-1');
    await w.lifecycle.open(lineKey, chat);
    const line = w.lineOf(chat.contactId) as ChatItem;
    w.chats.before.assignQueued = () => Object.assign(w.lineOf(chat.contactId) ?? {}, { status: 'ended' });
    expect((await w.lifecycle.handOver(line)).status).toBe('ended');
    expect(w.slots('idle')).toBe(0);
  });
});
