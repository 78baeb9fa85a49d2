/**
 * Seller presence: away sellers get no new chats, visitors are told when their seller goes away or
 * offline, and past the grace period the chat goes back to its queue. The grace period (120 s by
 * default) is never waited out: the tests move a seller's absence into the past, and the grace-period sweep acts.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { connectSeller, connectVisitor, dynamo, tableName, uniqueId } from '../support/chat-client';
import { eventually, initChat, say, sellerRow } from '../support/chat-stories';
import { routingKeys } from '../../lib/store/keys';
import { GONE_SHARD } from '../../lib/store/seller-store';

/**
 * Moves a seller's absence an hour back, as if the grace period had passed: when it went away or its
 * last connection closed, and where the sweep's index lists it. The sweep (every second in the test
 * stack) then acts on it.
 */
async function backdate(sellerId: string, absence: 'awaySince' | 'lastSeenAt') {
  const past = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName('routing'),
      Key: routingKeys.sellerState(sellerId),
      UpdateExpression: `SET ${absence} = :past, goneAt = :past, goneShard = :shard`,
      ExpressionAttributeValues: { ':past': past, ':shard': GONE_SHARD },
    }),
  );
}

describe('presence', () => {
  test('an away seller gets no new chats; back online it is offered the queued ones', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    expect(await seller.next('connected')).toMatchObject({ role: 'seller', presence: 'online' });
    seller.send({ action: 'presence', status: 'away' });
    expect(await seller.next('presence')).toEqual({ action: 'presence', sellerId, status: 'away' });
    expect(await sellerRow(sellerId)).toMatchObject({ presence: 'away' });
    // presence is kept across connections, and a new one is told
    const secondTab = await connectSeller(sellerId);
    expect(await secondTab.next('connected')).toMatchObject({ presence: 'away' });
    await secondTab.close();

    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, sellerId);
    expect(chat).toMatchObject({ status: 'queued', sellerId: null });

    seller.send({ action: 'presence', status: 'online' });
    expect(await seller.next('presence')).toMatchObject({ status: 'online' });
    expect(await seller.next('contactAssigned')).toMatchObject({ contact_id: chat.contact_id });
    expect(await visitor.next('contactAssigned')).toMatchObject({ sellerId });
    await Promise.all([visitor.close(), seller.close()]);
  });

  test('in a team, new chats skip the away member', async () => {
    const teamId = uniqueId('team');
    const away = uniqueId('seller');
    const here = uniqueId('seller');
    const awaySocket = await connectSeller(away, { teams: [teamId] });
    const hereSocket = await connectSeller(here, { teams: [teamId] });
    awaySocket.send({ action: 'presence', status: 'away' });
    await awaySocket.next('presence');
    const visitors = await Promise.all([connectVisitor(uniqueId('device')), connectVisitor(uniqueId('device'))]);
    for (const visitor of visitors) expect((await initChat(visitor, teamId)).sellerId).toBe(here);
    await Promise.all([...visitors.map((v) => v.close()), awaySocket.close(), hereSocket.close()]);
  });

  test('a visitor is told when its seller goes away, comes back, and goes offline', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, sellerId);
    const told = (status: string) => ({ action: 'sellerPresence', contact_id: chat.contact_id, sellerId, status });
    seller.send({ action: 'presence', status: 'away' });
    expect(await visitor.next('sellerPresence')).toEqual(told('away'));
    seller.send({ action: 'presence', status: 'online' });
    expect(await visitor.next('sellerPresence')).toEqual(told('online'));
    await seller.close();
    expect(await visitor.next('sellerPresence')).toEqual(told('offline'));
    expect((await sellerRow(sellerId))?.offlineSince).toEqual(expect.any(String));
    await visitor.close();
  });

  test('only sellers set a presence, and only online or away', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    visitor.send({ action: 'presence', status: 'away' });
    expect(await visitor.next('error')).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const seller = await connectSeller(uniqueId('seller'));
    seller.send({ action: 'presence', status: 'invisible' });
    expect(await seller.next('error')).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    await Promise.all([visitor.close(), seller.close()]);
  });
});

describe('grace period', () => {
  test('a chat of a seller away past the grace period goes to a teammate that connects', async () => {
    const teamId = uniqueId('team');
    const away = uniqueId('seller');
    const awaySocket = await connectSeller(away, { teams: [teamId] });
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, teamId);
    expect(chat.sellerId).toBe(away);
    awaySocket.send({ action: 'presence', status: 'away' });
    await awaySocket.next('presence');
    await backdate(away, 'awaySince');

    const teammate = uniqueId('seller');
    const teammateSocket = await connectSeller(teammate, { teams: [teamId] });
    expect(await visitor.next('contactQueued')).toMatchObject({ contact_id: chat.contact_id, queueKey: teamId, fromSellerId: away, reason: 'presence' });
    expect(await awaySocket.next('contactQueued')).toMatchObject({ contact_id: chat.contact_id });
    expect(await teammateSocket.next('contactAssigned')).toMatchObject({ contact_id: chat.contact_id });
    expect(await visitor.next('contactAssigned')).toMatchObject({ sellerId: teammate });
    expect((await sellerRow(away))?.activeChats).toBe(0);
    await Promise.all([visitor.close(), awaySocket.close(), teammateSocket.close()]);
  });

  test('a chat of a seller offline past the grace period reaches an online teammate without anyone writing', async () => {
    const teamId = uniqueId('team');
    const gone = uniqueId('seller');
    const goneSocket = await connectSeller(gone, { teams: [teamId] });
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, teamId);
    expect(chat.sellerId).toBe(gone);
    const other = uniqueId('seller');
    const otherSocket = await connectSeller(other, { teams: [teamId] });
    await otherSocket.next('connected');

    await goneSocket.close();
    await visitor.next((f) => f.action === 'sellerPresence' && f.status === 'offline');
    await eventually(async () => (await sellerRow(gone))?.goneAt, 'listed for the sweep');
    await backdate(gone, 'lastSeenAt');

    expect(await visitor.next('contactQueued')).toMatchObject({ fromSellerId: gone, reason: 'presence' });
    expect(await visitor.next('contactAssigned')).toMatchObject({ sellerId: other });
    expect(await otherSocket.next('contactAssigned')).toMatchObject({ contact_id: chat.contact_id });
    expect((await sellerRow(gone))?.activeChats).toBe(0);
    const ack = await say(visitor, chat.contact_id, 'hello? anyone?');
    expect(ack).toMatchObject({ action: 'messageAck', delivered: true });
    expect(await otherSocket.next('sendMessage')).toMatchObject({ contact_id: chat.contact_id, message: 'hello? anyone?' });
    await Promise.all([visitor.close(), otherSocket.close()]);
  });

  test('within the grace period nothing moves', async () => {
    const teamId = uniqueId('team');
    const away = uniqueId('seller');
    const awaySocket = await connectSeller(away, { teams: [teamId] });
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, teamId);
    awaySocket.send({ action: 'presence', status: 'away' });
    await awaySocket.next('presence');
    const teammateSocket = await connectSeller(uniqueId('seller'), { teams: [teamId] });
    await teammateSocket.next('connected');
    expect(await say(visitor, chat.contact_id, 'quick question')).toMatchObject({ delivered: true });
    expect(await awaySocket.next('sendMessage')).toMatchObject({ message: 'quick question' });
    expect(visitor.frames.filter((f) => f.action === 'contactQueued')).toEqual([]);
    await Promise.all([visitor.close(), awaySocket.close(), teammateSocket.close()]);
  });
});
