/** Teams, capacity under concurrent InitChats, queueing and stickiness. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { routingKeys } from '../../lib/store/keys';
import { api, connectSeller, connectSessionVisitor, connectVisitor, dynamo, sellerToken, tableName, uniqueId, type ChatSocket } from '../support/chat-client';
import { contactRow, sellerRow } from '../support/chat-stories';

const routingItem = async (key: { pk: string; sk: string }) => (await dynamo().send(new GetCommand({ TableName: tableName('routing'), Key: key, ConsistentRead: true }))).Item;

async function initChat(visitor: ChatSocket, sellerId: string) {
  visitor.send({ action: 'InitChat', sellerId, userInfo: { name: 'V' } });
  return visitor.next('InitChat');
}

async function activeChats(sellerId: string): Promise<number> {
  return Number((await sellerRow(sellerId))?.activeChats ?? 0);
}

describe('team routing and capacity', () => {
  test("a queue's count lives in a small item of its own, apart from the team's members, and follows chats in and out", async () => {
    const teamId = uniqueId('team');
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId, { teams: [teamId], maxChats: 1 });
    await seller.next('connected');
    const first = await connectVisitor(uniqueId('device'));
    const assigned = await initChat(first, teamId);
    expect(assigned.status).toBe('assigned');
    const waiting = await connectVisitor(uniqueId('device'));
    expect((await initChat(waiting, teamId)).status).toBe('queued');

    const [members, queue] = await Promise.all([routingItem(routingKeys.target(teamId)), routingItem(routingKeys.targetQueue(teamId))]);
    expect(Object.keys(members?.members ?? {})).toEqual([sellerId]);
    expect(members).not.toHaveProperty('queued');
    expect(queue).toMatchObject({ queued: 1 });

    // the seller's slot frees up: the waiting chat leaves the queue and the count follows
    expect((await api(`/v1/contacts/${assigned.contact_id}/end`, { method: 'POST', token: sellerToken(sellerId, { teams: [teamId] }) })).status).toBe(200);
    await waiting.next('contactAssigned');
    expect(await routingItem(routingKeys.targetQueue(teamId))).toMatchObject({ queued: 0 });
    await Promise.all([first.close(), waiting.close(), seller.close()]);
  });

  test('concurrent InitChats on a team never push a seller past maxChats; the rest are queued once each', async () => {
    const teamId = uniqueId('team');
    const sellerA = uniqueId('seller');
    const sellerB = uniqueId('seller');
    const a = await connectSeller(sellerA, { teams: [teamId], maxChats: 3 });
    const b = await connectSeller(sellerB, { teams: [teamId], maxChats: 3 });
    const visitors = await Promise.all(Array.from({ length: 16 }, () => connectVisitor(uniqueId('device'))));

    const acks = await Promise.all(visitors.map((visitor) => initChat(visitor, teamId)));
    const assigned = acks.filter((ack) => ack.status === 'assigned');
    const queued = acks.filter((ack) => ack.status === 'queued');
    expect(assigned).toHaveLength(6);
    expect(queued).toHaveLength(10);
    expect(queued.every((ack) => ack.sellerId === null)).toBe(true);
    expect(assigned.filter((ack) => ack.sellerId === sellerA)).toHaveLength(3);
    expect(assigned.filter((ack) => ack.sellerId === sellerB)).toHaveLength(3);
    expect(new Set(acks.map((ack) => ack.contact_id)).size).toBe(16);
    expect(await activeChats(sellerA)).toBe(3);
    expect(await activeChats(sellerB)).toBe(3);
    // every contact exists once, in exactly the state its ack announced
    const stored = await Promise.all(acks.map((ack) => contactRow(ack.contact_id)));
    expect(stored.map((row) => row?.status)).toEqual(acks.map((ack) => ack.status));

    await Promise.all([...visitors.map((v) => v.close()), a.close(), b.close()]);
  });

  test('a team picks the online member with the fewest active chats', async () => {
    const teamId = uniqueId('team');
    const busy = uniqueId('seller');
    const idle = uniqueId('seller');
    const busySocket = await connectSeller(busy, { teams: [teamId] });
    const first = await connectVisitor(uniqueId('device'));
    expect((await initChat(first, busy)).sellerId).toBe(busy);
    const idleSocket = await connectSeller(idle, { teams: [teamId] });
    const second = await connectVisitor(uniqueId('device'));
    expect((await initChat(second, teamId)).sellerId).toBe(idle);
    await Promise.all([first.close(), second.close(), busySocket.close(), idleSocket.close()]);
  });

  test('a returning visitor sticks to its previous seller when that seller is available', async () => {
    const teamId = uniqueId('team');
    const s1 = uniqueId('seller');
    const s2 = uniqueId('seller');
    const one = await connectSeller(s1, { teams: [teamId] });
    const two = await connectSeller(s2, { teams: [teamId] });
    const visitor = await connectSessionVisitor();
    const firstChat = await initChat(visitor, teamId);
    // load the previous seller so least-active alone would pick the other one (the first chat was assigned: it names its seller)
    const other = await connectVisitor(uniqueId('device'));
    await initChat(other, firstChat.sellerId!);
    const ended = await api(`/v1/contacts/${firstChat.contact_id}/end`, { method: 'POST', token: firstChat.visitorToken });
    expect(ended.status).toBe(200);
    const again = await initChat(visitor, teamId);
    expect(again.contact_id).not.toBe(firstChat.contact_id);
    expect(again.sellerId).toBe(firstChat.sellerId);
    await Promise.all([visitor.close(), other.close(), one.close(), two.close()]);
  });
});

describe('queued, then assigned', () => {
  test('a chat waits for its seller; messages are stored; on connect the seller gets the chat and the backlog', async () => {
    const sellerId = uniqueId('seller');
    const deviceId = uniqueId('device');
    const visitor = await connectVisitor(deviceId);
    const ack = await initChat(visitor, sellerId);
    expect(ack).toMatchObject({ status: 'queued', sellerId: null });

    visitor.send({ action: 'sendMessage', to: sellerId, message: 'anyone there?', clientMessageId: 'q-1' });
    expect(await visitor.next((f) => f.action === 'messageAck')).toMatchObject({ seq: 1, delivered: false });

    const seller = await connectSeller(sellerId);
    const assigned = await seller.next((f) => f.action === 'contactAssigned');
    expect(assigned).toMatchObject({ contact_id: ack.contact_id, visitor: { userId: deviceId } });
    const backlog = await seller.next((f) => f.action === 'sendMessage');
    expect(backlog).toMatchObject({ contact_id: ack.contact_id, seq: 1, message: 'anyone there?', from: deviceId });
    const told = await visitor.next((f) => f.action === 'contactAssigned');
    expect(told).toEqual({ action: 'contactAssigned', contact_id: ack.contact_id, sellerId, status: 'assigned' });
    await Promise.all([visitor.close(), seller.close()]);
  });

  test('a chat queued behind an away seller is announced to the team; going online assigns it', async () => {
    const teamId = uniqueId('team');
    const seller = await connectSeller(uniqueId('seller'), { teams: [teamId] });
    seller.send({ action: 'presence', status: 'away' });
    await seller.next((f) => f.action === 'presence' && f.status === 'away');
    const visitor = await connectVisitor(uniqueId('device'));
    const ack = await initChat(visitor, teamId);
    expect(ack).toMatchObject({ status: 'queued', sellerId: null });
    expect(await seller.next((f) => f.action === 'contactQueued')).toEqual({
      action: 'contactQueued',
      contact_id: ack.contact_id,
      status: 'queued',
      queueKey: teamId,
      fromSellerId: null,
      reason: 'new',
      // its only member is away: nobody can answer now
      waiting: { reason: 'offline', position: 1 },
    });
    seller.send({ action: 'presence', status: 'online' });
    expect(await seller.next((f) => f.action === 'contactAssigned')).toMatchObject({ contact_id: ack.contact_id });
    await Promise.all([visitor.close(), seller.close()]);
  });

  test('queued chats of a team go to a member that connects, oldest first, up to its capacity', async () => {
    const teamId = uniqueId('team');
    const visitors = [];
    const acks = [];
    for (let i = 0; i < 3; i++) {
      const visitor = await connectVisitor(uniqueId('device'));
      visitors.push(visitor);
      acks.push(await initChat(visitor, teamId));
    }
    expect(acks.every((ack) => ack.status === 'queued')).toBe(true);
    const seller = await connectSeller(uniqueId('seller'), { teams: [teamId], maxChats: 2 });
    const first = await seller.next((f) => f.action === 'contactAssigned');
    const second = await seller.next((f) => f.action === 'contactAssigned' && f !== first);
    expect([first.contact_id, second.contact_id]).toEqual([acks[0]?.contact_id, acks[1]?.contact_id]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seller.frames.filter((f) => f.action === 'contactAssigned')).toHaveLength(2);
    await Promise.all([...visitors.map((v) => v.close()), seller.close()]);
  });

  test('every seller of a queue sees a chat enter it and leave it, with why and to whom', async () => {
    const teamId = uniqueId('team');
    const watcherId = uniqueId('seller');
    const takerId = uniqueId('seller');
    const watcher = await connectSeller(watcherId, { teams: [teamId] });
    const taker = await connectSeller(takerId, { teams: [teamId], maxChats: 1 });
    for (const seller of [watcher, taker]) {
      seller.send({ action: 'presence', status: 'away' });
      await seller.next((f) => f.action === 'presence' && f.status === 'away');
    }
    const first = await connectVisitor(uniqueId('device'));
    const second = await connectSessionVisitor();
    const taken = await initChat(first, teamId);
    const ended = await initChat(second, teamId);
    for (const seller of [watcher, taker]) {
      expect(await seller.next((f) => f.action === 'contactQueued' && f.contact_id === taken.contact_id)).toMatchObject({ reason: 'new', waiting: { position: 1 } });
      expect(await seller.next((f) => f.action === 'contactQueued' && f.contact_id === ended.contact_id)).toMatchObject({ reason: 'new', waiting: { position: 2 } });
    }

    // the taker comes online with room for one: it takes the oldest; the watcher sees it leave, and to whom
    taker.send({ action: 'presence', status: 'online' });
    expect(await taker.next('contactAssigned')).toMatchObject({ contact_id: taken.contact_id });
    expect(await watcher.next('contactLeftQueue')).toEqual({ action: 'contactLeftQueue', contact_id: taken.contact_id, queueKey: teamId, reason: 'assigned', sellerId: takerId });
    // the other visitor gives up: it leaves the queue as ended
    expect((await api(`/v1/contacts/${ended.contact_id}/end`, { method: 'POST', token: ended.visitorToken })).status).toBe(200);
    expect(await watcher.next((f) => f.action === 'contactLeftQueue' && f.contact_id === ended.contact_id)).toMatchObject({ reason: 'ended', sellerId: null });
    await Promise.all([first.close(), second.close(), watcher.close(), taker.close()]);
  });
});
