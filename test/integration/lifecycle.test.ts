/** End, transfer, cascade delete and soft delete: both sides told, capacity freed, nothing left behind. */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { api, connectSeller, connectSessionVisitor, connectVisitor, dynamo, sellerToken, tableName, uniqueId, type ErrorBody, type FrameWith } from '../support/chat-client';
import { contactRow, eventually, initChat, say, sellerRow } from '../support/chat-stories';
import type { ContactWithMessages, MessagePage } from '../../lib/protocol/views';

const activeChats = async (sellerId: string) => Number((await sellerRow(sellerId))?.activeChats ?? 0);

describe('POST /v1/contacts/{id}/end', () => {
  test('both sides are told, the slot is freed and the seller gets its next queued chat', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId, { maxChats: 1 });
    const first = await connectSessionVisitor();
    const waiting = await connectVisitor(uniqueId('device'));
    const chat = await initChat(first, sellerId);
    const queued = await initChat(waiting, sellerId);
    expect(queued.status).toBe('queued');

    const ended = await api(`/v1/contacts/${chat.contact_id}/end`, { method: 'POST', token: chat.visitorToken });
    expect(ended).toMatchObject({ status: 200, body: { contact_id: chat.contact_id, status: 'ended', endedBy: 'visitor' } });
    const told = { action: 'contactEnded', contact_id: chat.contact_id, status: 'ended', endedBy: 'visitor' };
    expect(await first.next('contactEnded')).toMatchObject(told);
    expect(await seller.next('contactEnded')).toMatchObject(told);
    expect(await seller.next((f) => f.action === 'contactAssigned' && f.contact_id === queued.contact_id)).toBeTruthy();
    expect(await waiting.next('contactAssigned')).toMatchObject({ contact_id: queued.contact_id, sellerId });
    expect(await activeChats(sellerId)).toBe(1);

    // the ended chat takes no more messages, and ending again changes nothing
    expect(await say(first, chat.contact_id, 'still there?')).toMatchObject({ action: 'error', error: { code: 'FORBIDDEN' } });
    const again = await api(`/v1/contacts/${chat.contact_id}/end`, { method: 'POST', token: sellerToken(sellerId) });
    expect(again.body).toMatchObject({ status: 'ended', endedBy: 'visitor' });
    await Promise.all([first.close(), waiting.close(), seller.close()]);
  });
});

describe('POST /v1/contacts/{id}/transfer', () => {
  test('to another seller: old and new seller and the visitor are told; capacity moves with the chat', async () => {
    const from = uniqueId('seller');
    const to = uniqueId('seller');
    const oldSeller = await connectSeller(from);
    const newSeller = await connectSeller(to);
    await newSeller.next('connected');
    const deviceId = uniqueId('device');
    const visitor = await connectVisitor(deviceId);
    const chat = await initChat(visitor, from);
    await oldSeller.next('contactAssigned');

    const response = await api(`/v1/contacts/${chat.contact_id}/transfer`, { method: 'POST', token: sellerToken(from), body: { toSellerId: to } });
    expect(response).toMatchObject({ status: 200, body: { status: 'assigned', sellerId: to } });
    const transferred = { action: 'contactTransferred', contact_id: chat.contact_id, fromSellerId: from, toSellerId: to, sellerId: to };
    expect(await oldSeller.next('contactTransferred')).toMatchObject(transferred);
    expect(await newSeller.next('contactTransferred')).toMatchObject(transferred);
    expect(await newSeller.next('contactAssigned')).toMatchObject({ contact_id: chat.contact_id, visitor: { userId: deviceId } });
    expect(await visitor.next('contactTransferred')).toMatchObject(transferred);
    expect(await visitor.next('contactAssigned')).toMatchObject({ contact_id: chat.contact_id, sellerId: to });
    expect([await activeChats(from), await activeChats(to)]).toEqual([0, 1]);

    await say(visitor, chat.contact_id, 'for the new seller');
    expect(await newSeller.next('sendMessage')).toMatchObject({ message: 'for the new seller' });
    expect(await say(oldSeller, chat.contact_id, 'me again')).toMatchObject({ action: 'error', error: { code: 'FORBIDDEN' } });
    expect((await api(`/v1/contacts/${chat.contact_id}`, { token: sellerToken(from) })).status).toBe(404);
    await Promise.all([visitor.close(), oldSeller.close(), newSeller.close()]);
  });

  test('to a team with nobody available: the chat waits in the team queue until a member connects', async () => {
    const from = uniqueId('seller');
    const teamId = uniqueId('team');
    const oldSeller = await connectSeller(from);
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, from);
    // a team is known once a member has connected (an unknown one is refused: hardening/transfer-target.test.ts)
    const known = uniqueId('seller');
    await (await connectSeller(known, { teams: [teamId] })).close();
    // its $disconnect runs after the socket closes: wait until the member is offline, so nobody of the team is available
    await eventually(async () => (await sellerRow(known))?.offlineSince, 'the team member offline');

    const response = await api(`/v1/contacts/${chat.contact_id}/transfer`, { method: 'POST', token: sellerToken(from), body: { toTeamId: teamId } });
    expect(response).toMatchObject({ status: 200, body: { status: 'queued', sellerId: null, queueKey: teamId } });
    expect(await visitor.next('contactQueued')).toMatchObject({ contact_id: chat.contact_id, queueKey: teamId, reason: 'transfer' });
    expect(await visitor.next('contactTransferred')).toMatchObject({ toTeamId: teamId, status: 'queued' });
    expect(await oldSeller.next('contactTransferred')).toMatchObject({ toTeamId: teamId, status: 'queued' });
    expect(await activeChats(from)).toBe(0);

    const member = uniqueId('seller');
    const memberSocket = await connectSeller(member, { teams: [teamId] });
    expect(await memberSocket.next('contactAssigned')).toMatchObject({ contact_id: chat.contact_id });
    expect(await visitor.next('contactAssigned')).toMatchObject({ sellerId: member });
    await Promise.all([visitor.close(), oldSeller.close(), memberSocket.close()]);
  });

  test('refusals: both or neither target, itself, an ended chat (400); a visitor (403); another seller (404)', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectSessionVisitor();
    const chat = await initChat(visitor, sellerId);
    const path = `/v1/contacts/${chat.contact_id}/transfer`;
    const token = sellerToken(sellerId);
    const code = async (body: unknown, as = token) => {
      const response = await api<Partial<ErrorBody>>(path, { method: 'POST', token: as, body });
      return [response.status, response.body.error?.code];
    };
    expect(await code({ toSellerId: 'a', toTeamId: 'b' })).toEqual([400, 'BAD_REQUEST']);
    expect(await code({})).toEqual([400, 'BAD_REQUEST']);
    expect(await code({ toSellerId: sellerId })).toEqual([400, 'BAD_REQUEST']);
    expect(await code({ toSellerId: 'x' }, chat.visitorToken)).toEqual([403, 'FORBIDDEN']);
    expect(await code({ toSellerId: sellerId }, sellerToken(uniqueId('seller')))).toEqual([404, 'NOT_FOUND']);
    await api(`/v1/contacts/${chat.contact_id}/end`, { method: 'POST', token });
    expect(await code({ toTeamId: 'team-x' })).toEqual([400, 'BAD_REQUEST']);
    expect(await activeChats(sellerId)).toBe(0);
    await Promise.all([visitor.close(), seller.close()]);
  });
});

describe('DELETE /v1/contacts/{id}', () => {
  test('a chat with more messages than one delete page is removed completely, and both sides are told', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, sellerId);
    await say(visitor, chat.contact_id, 'first');
    await say(seller, chat.contact_id, 'second');
    // a long history, written straight into the table: 250 more messages than the API's page of 100
    const rows = Array.from({ length: 250 }, (_, i) => ({
      contactId: chat.contact_id,
      seq: 3 + i,
      senderRole: 'visitor',
      senderId: 'x',
      recipientId: sellerId,
      text: `seeded ${i}`,
      createdAt: new Date().toISOString(),
    }));
    for (let i = 0; i < rows.length; i += 25) {
      await Promise.all(rows.slice(i, i + 25).map((Item) => dynamo().send(new PutCommand({ TableName: tableName('messages'), Item }))));
    }

    const response = await api(`/v1/contacts/${chat.contact_id}`, { method: 'DELETE', token: sellerToken(sellerId) });
    expect(response).toMatchObject({ status: 200, body: { contact_id: chat.contact_id, deleted: true, messagesDeleted: 252 } });
    expect(await visitor.next('contactEnded')).toMatchObject({ contact_id: chat.contact_id, endedBy: 'seller' });
    expect(await seller.next('contactEnded')).toMatchObject({ contact_id: chat.contact_id });
    const left = await dynamo().send(
      new QueryCommand({ TableName: tableName('messages'), KeyConditionExpression: 'contactId = :c', ExpressionAttributeValues: { ':c': chat.contact_id } }),
    );
    expect(left.Items).toEqual([]);
    expect(await contactRow(chat.contact_id)).toBeUndefined();
    expect(await activeChats(sellerId)).toBe(0);
    expect((await api(`/v1/contacts/${chat.contact_id}`, { token: sellerToken(sellerId) })).status).toBe(404);
    // the visitor may start afresh with the same seller
    expect((await initChat(visitor, sellerId)).contact_id).not.toBe(chat.contact_id);
    await Promise.all([visitor.close(), seller.close()]);
  });
});

describe('DELETE /v1/contacts/{id}/messages/{msgId}', () => {
  test('a soft-deleted message keeps its place, loses its text for every reader, and both sides are told', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectSessionVisitor();
    const chat = await initChat(visitor, sellerId);
    const oops = await say(visitor, chat.contact_id, 'my card number is 1234');
    await say(visitor, chat.contact_id, 'sorry, ignore that');

    const response = await api(`/v1/contacts/${chat.contact_id}/messages/${oops.id}`, { method: 'DELETE', token: chat.visitorToken });
    expect(response).toMatchObject({ status: 200, body: { id: oops.id, seq: 1, deleted: true } });
    expect(response.body).not.toHaveProperty('message');
    const told = { action: 'messageDeleted', contact_id: chat.contact_id, id: oops.id, seq: 1, deletedBy: 'visitor' };
    expect(await seller.next('messageDeleted')).toMatchObject(told);
    expect(await visitor.next('messageDeleted')).toMatchObject(told);

    const history = await api<MessagePage>(`/v1/contacts/${chat.contact_id}/messages`, { token: sellerToken(sellerId) });
    expect(history.body.messages.map((m: FrameWith<'sendMessage'>) => [m.seq, m.deleted ?? false, m.message])).toEqual([
      [1, true, undefined],
      [2, false, 'sorry, ignore that'],
    ]);
    const contact = await api<ContactWithMessages>(`/v1/contacts/${chat.contact_id}`, { token: chat.visitorToken });
    expect(contact.body.messages[0]).not.toHaveProperty('message');
    // kept in the table, marked
    const stored = await dynamo().send(
      new QueryCommand({ TableName: tableName('messages'), KeyConditionExpression: 'contactId = :c', ExpressionAttributeValues: { ':c': chat.contact_id } }),
    );
    expect(stored.Items?.find((m) => m.seq === oops.seq)).toMatchObject({ text: 'my card number is 1234', deletedBy: 'visitor' });

    // a resume replays it without text too
    visitor.send({ action: 'resume', contact_id: chat.contact_id, afterSeq: 0 });
    const replayed = await visitor.next((f) => f.action === 'sendMessage' && f.seq === 1);
    expect(replayed).toMatchObject({ id: oops.id, deleted: true });
    expect(replayed).not.toHaveProperty('message');
    await Promise.all([visitor.close(), seller.close()]);
  });

  test('a message deleted while its recipient was offline arrives without text on reconnect', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectSessionVisitor();
    const chat = await initChat(visitor, sellerId);
    await seller.next('contactAssigned');
    await seller.close();
    const sent = await say(visitor, chat.contact_id, 'regret this');
    expect(sent.delivered).toBe(false);
    await api(`/v1/contacts/${chat.contact_id}/messages/${sent.id}`, { method: 'DELETE', token: chat.visitorToken });

    const back = await connectSeller(sellerId);
    const pending = await back.next('sendMessage');
    expect(pending).toMatchObject({ id: sent.id, deleted: true });
    expect(pending).not.toHaveProperty('message');
    await Promise.all([visitor.close(), back.close()]);
  });
});
