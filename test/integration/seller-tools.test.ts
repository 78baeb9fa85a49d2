/**
 * The seller tools on the real stack: private notes (never on any visitor path), labels found by
 * key, saved replies per seller and team, and the visitor's one rating per ended chat.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { api, connectSeller, connectSessionVisitor, dynamo, sellerToken, tableName, uniqueId, type ChatSocket, type ErrorBody } from '../support/chat-client';
import { initChat, say } from '../support/chat-stories';
import { routingKeys } from '../../lib/store/keys';
import type { ContactList, ContactView, ContactWithMessages, MessagePage, RatingAnswer, SavedReplyList, SavedReplyView } from '../../lib/protocol/views';
import type { NoteView } from '../../lib/protocol/outbound';

/** No frame the visitor got, and no answer of its reads, holds the secret text or a note. */
function expectNoNote(value: unknown, secret: string): void {
  const text = JSON.stringify(value);
  expect(text).not.toContain(secret);
  expect(text).not.toContain('privateNote');
  expect(text).not.toContain('"notes"');
}

/** A team with seller A online and a visitor session in a chat A holds. */
async function heldChat(options: { teamId?: string; sellerIds?: string[] } = {}) {
  const teamId = options.teamId ?? uniqueId('team');
  const [sellerId] = options.sellerIds ?? [uniqueId('seller')];
  const seller = await connectSeller(sellerId as string, { teams: [teamId] });
  await seller.next('connected');
  const visitor = await connectSessionVisitor();
  await visitor.next('connected');
  const ack = await initChat(visitor, teamId);
  expect(ack).toMatchObject({ status: 'assigned', sellerId });
  await seller.next('contactAssigned');
  return { teamId, sellerId: sellerId as string, seller, visitor, contactId: ack.contact_id, visitorToken: ack.visitorToken as string };
}

describe('private notes', () => {
  test('a note reaches the chat sellers in order with the messages and never the visitor: socket, history, resume, catch-up, transfer', async () => {
    const { teamId, sellerId, seller, visitor, contactId, visitorToken } = await heldChat();
    const otherId = uniqueId('seller');
    const other = await connectSeller(otherId, { teams: [teamId] });
    await other.next('connected');
    const token = sellerToken(sellerId, { teams: [teamId] });
    expect(await say(visitor, contactId, 'Where is my parcel?')).toMatchObject({ action: 'messageAck', seq: 1 });
    await seller.next((f) => f.action === 'sendMessage' && f.seq === 1);

    const secret = `secret-${uniqueId('n')}`;
    const written = await api<NoteView>(`/v1/contacts/${contactId}/notes`, { method: 'POST', token, body: { text: `Refund approved ${secret}` } });
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({ afterSeq: 1, authorRole: 'seller', from: sellerId, kind: 'note', text: `Refund approved ${secret}` });
    expect(await seller.next('privateNote')).toMatchObject({ contact_id: contactId, note: { id: written.body.id, afterSeq: 1 } });

    // the seller's reply after the note is the marker: a note pushed to the visitor would have come first
    expect(await say(seller, contactId, 'It ships today')).toMatchObject({ action: 'messageAck', seq: 2 });
    await visitor.next((f) => f.action === 'sendMessage' && f.seq === 2);
    expectNoNote(visitor.frames, secret);

    // the history API: the seller sees the note between seq 1 and 2, the visitor neither there nor in the contact
    const sellerContact = await api<ContactWithMessages>(`/v1/contacts/${contactId}`, { token });
    expect(sellerContact.body.notes?.map((note) => [note.afterSeq, note.text])).toEqual([[1, `Refund approved ${secret}`]]);
    const sellerPage = await api<MessagePage>(`/v1/contacts/${contactId}/messages?after=0`, { token });
    expect(sellerPage.body.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(sellerPage.body.notes?.map((note) => note.id)).toEqual([written.body.id]);
    // paged: a note after message 1 comes with the page that starts after 1, and with no other
    expect((await api<MessagePage>(`/v1/contacts/${contactId}/messages?after=0&limit=1`, { token })).body.notes).toEqual([]);
    expect((await api<MessagePage>(`/v1/contacts/${contactId}/messages?after=1&limit=1`, { token })).body.notes?.length).toBe(1);
    expect((await api<MessagePage>(`/v1/contacts/${contactId}/messages?after=2`, { token })).body.notes).toEqual([]);
    for (const path of [`/v1/contacts/${contactId}`, `/v1/contacts/${contactId}/messages?after=0`]) {
      const read = await api(path, { token: visitorToken });
      expect(read.status).toBe(200);
      expectNoNote(read.body, secret);
    }

    // resume replays the messages, never the note
    visitor.send({ action: 'resume', contact_id: contactId, afterSeq: 0 });
    const resumed = await visitor.next('resumed');
    expect(resumed).toMatchObject({ count: 2 });
    expectNoNote(visitor.frames, secret);

    // offline catch-up: what the visitor missed while away is the seller's message alone
    const session = (visitor as ChatSocket & { session: { visitorId: string; session: string } }).session;
    await visitor.close();
    const secret2 = `secret-${uniqueId('n')}`;
    expect((await api(`/v1/contacts/${contactId}/notes`, { method: 'POST', token, body: { text: secret2 } })).status).toBe(201);
    expect(await say(seller, contactId, 'Tracking number follows')).toMatchObject({ action: 'messageAck', seq: 3 });
    const back = await connectSessionVisitor(session);
    await back.next((f) => f.action === 'sendMessage' && f.seq === 3);

    // a transfer's note becomes a private note the next seller reads with the chat, and the visitor never
    const secret3 = `secret-${uniqueId('n')}`;
    const moved = await api<ContactView>(`/v1/contacts/${contactId}/transfer`, { method: 'POST', token, body: { toSellerId: otherId, note: `Wants a refund ${secret3}` } });
    expect(moved.status).toBe(200);
    expect(await other.next('privateNote')).toMatchObject({ note: { kind: 'transfer', from: sellerId, text: `Wants a refund ${secret3}` } });
    await back.next('contactTransferred');
    // the new seller's reply is the visitor's marker
    await other.next((f) => f.action === 'sendMessage' && f.seq === 3);
    expect(await say(other, contactId, 'Hello, I take over')).toMatchObject({ action: 'messageAck', seq: 4 });
    await back.next((f) => f.action === 'sendMessage' && f.seq === 4);
    for (const s of [secret, secret2, secret3]) expectNoNote(back.frames, s);
    const otherRead = await api<ContactWithMessages>(`/v1/contacts/${contactId}`, { token: sellerToken(otherId, { teams: [teamId] }) });
    expect(otherRead.body.notes?.map((note) => [note.kind, note.afterSeq])).toEqual([
      ['note', 1],
      ['note', 2],
      ['transfer', 3],
    ]);
    const visitorRead = await api(`/v1/contacts/${contactId}/messages?after=0`, { token: visitorToken });
    for (const s of [secret, secret2, secret3]) expectNoNote(visitorRead.body, s);
    await Promise.all([seller.close(), other.close(), back.close()]);
  });

  test('only a seller who may see the chat writes a note; empty, invisible and too long texts are refused by name', async () => {
    const { teamId, sellerId, seller, visitor, contactId, visitorToken } = await heldChat();
    const token = sellerToken(sellerId, { teams: [teamId] });
    const byVisitor = await api<ErrorBody>(`/v1/contacts/${contactId}/notes`, { method: 'POST', token: visitorToken, body: { text: 'hi' } });
    expect(byVisitor).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const stranger = await api<ErrorBody>(`/v1/contacts/${contactId}/notes`, { method: 'POST', token: sellerToken(uniqueId('seller')), body: { text: 'hi' } });
    expect(stranger).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    for (const [body, words] of [
      [{ text: '' }, 'text'],
      [{ text: '\u200b \u200b' }, 'shows nothing'],
      [{ text: 'x'.repeat(2001) }, '2000'],
      [{}, 'text'],
    ] as const) {
      const refused = await api<ErrorBody>(`/v1/contacts/${contactId}/notes`, { method: 'POST', token, body });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain(words);
    }
    await Promise.all([seller.close(), visitor.close()]);
  });
});

describe('labels', () => {
  test('PUT labels and PATCH tags label a chat; GET /v1/contacts?label= finds it by key, only for sellers who may see it', async () => {
    const teamId = uniqueId('team');
    const first = await heldChat({ teamId });
    const sellerId = first.sellerId;
    const visitor2 = await connectSessionVisitor();
    await visitor2.next('connected');
    const ack2 = await initChat(visitor2, teamId);
    await first.seller.next('contactAssigned');
    const token = sellerToken(sellerId, { teams: [teamId] });

    const labelled = await api<ContactView>(`/v1/contacts/${first.contactId}/labels`, { method: 'PUT', token, body: { labels: ['vip', 'refund', 'vip'] } });
    expect(labelled.status).toBe(200);
    expect(labelled.body).toMatchObject({ labels: ['vip', 'refund'], tags: ['vip', 'refund'] });
    expect((await api(`/v1/contacts/${ack2.contact_id}`, { method: 'PATCH', token, body: { tags: ['vip'] } })).status).toBe(200);
    // one item per label and chat, under the chat's target
    const item = await dynamo().send(new GetCommand({ TableName: tableName('routing'), Key: routingKeys.label(teamId, 'refund', first.contactId) }));
    expect(item.Item).toMatchObject({ contactId: first.contactId });

    const ids = async (label: string, who = token) => {
      const answer = await api<ContactList>(`/v1/contacts?label=${encodeURIComponent(label)}`, { token: who });
      expect(answer.status).toBe(200);
      return answer.body.contacts.map((c) => c.contact_id).sort();
    };
    expect(await ids('vip')).toEqual([first.contactId, ack2.contact_id].sort());
    expect(await ids('refund')).toEqual([first.contactId]);
    // a seller of another team finds nothing under the same label
    expect(await ids('vip', sellerToken(uniqueId('seller'), { teams: [uniqueId('team')] }))).toEqual([]);

    expect((await api(`/v1/contacts/${first.contactId}/labels`, { method: 'PUT', token, body: { labels: ['vip'] } })).status).toBe(200);
    expect(await ids('refund')).toEqual([]);
    const gone = await dynamo().send(new GetCommand({ TableName: tableName('routing'), Key: routingKeys.label(teamId, 'refund', first.contactId) }));
    expect(gone.Item).toBeUndefined();

    const bad = await api<ErrorBody>(`/v1/contacts/${first.contactId}/labels`, { method: 'PUT', token, body: { labels: ['#x'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('label');
    const tooMany = await api<ErrorBody>(`/v1/contacts/${first.contactId}/labels`, { method: 'PUT', token, body: { labels: Array.from({ length: 21 }, (_, i) => `l${i}`) } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('20 labels');
    const byVisitor = await api(`/v1/contacts/${first.contactId}/labels`, { method: 'PUT', token: first.visitorToken, body: { labels: ['x'] } });
    expect(byVisitor.status).toBe(403);
    const stranger = await api(`/v1/contacts/${first.contactId}/labels`, { method: 'PUT', token: sellerToken(uniqueId('seller')), body: { labels: ['x'] } });
    expect(stranger.status).toBe(404);
    await Promise.all([first.seller.close(), first.visitor.close(), visitor2.close()]);
  });
});

describe('saved replies', () => {
  test("a seller's own replies are its own; a team's are every member's; refusals name what is wrong", async () => {
    const teamId = uniqueId('team');
    const [s1, s2] = [uniqueId('seller'), uniqueId('seller')];
    const t1 = sellerToken(s1, { teams: [teamId] });
    const t2 = sellerToken(s2, { teams: [teamId] });
    const own = await api<SavedReplyView>('/v1/saved-replies/ship', { method: 'PUT', token: t1, body: { shortcut: 'ship', text: 'We ship within 2 days.' } });
    expect(own).toMatchObject({ status: 201, body: { id: 'ship', scope: 'seller', owner: s1, shortcut: 'ship' } });
    const team = await api<SavedReplyView>('/v1/saved-replies/returns', { method: 'PUT', token: t1, body: { shortcut: 'returns', text: 'Returns are free for 30 days.', teamId } });
    expect(team).toMatchObject({ status: 201, body: { scope: 'team', owner: teamId } });
    const again = await api<SavedReplyView>('/v1/saved-replies/ship', { method: 'PUT', token: t1, body: { shortcut: 'ship', text: 'We ship within 1 day.' } });
    expect(again).toMatchObject({ status: 200, body: { text: 'We ship within 1 day.' } });

    const list = async (token: string) => ((await api<SavedReplyList>('/v1/saved-replies', { token })).body.replies ?? []).map((r) => `${r.scope}:${r.owner}:${r.shortcut}`).sort();
    expect(await list(t1)).toEqual([`seller:${s1}:ship`, `team:${teamId}:returns`]);
    expect(await list(t2)).toEqual([`team:${teamId}:returns`]);

    const outsider = await api<ErrorBody>('/v1/saved-replies/x', { method: 'PUT', token: sellerToken(uniqueId('seller')), body: { shortcut: 'x', text: 'x', teamId } });
    expect(outsider).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(outsider.body.error.message).toContain('teamId');
    const badShortcut = await api<ErrorBody>('/v1/saved-replies/x', { method: 'PUT', token: t1, body: { shortcut: 'Bad Shortcut', text: 'x' } });
    expect(badShortcut.status).toBe(400);
    expect(badShortcut.body.error.message).toContain('shortcut');
    const visitor = await connectSessionVisitor();
    expect((await api('/v1/saved-replies', { token: visitor.session.session })).status).toBe(403);
    await visitor.close();

    // a teammate removes the team's reply; the seller's own stays
    expect((await api('/v1/saved-replies/returns?teamId=' + teamId, { method: 'DELETE', token: t2 })).status).toBe(200);
    expect((await api('/v1/saved-replies/ship', { method: 'DELETE', token: t2 })).status).toBe(404);
    expect(await list(t1)).toEqual([`seller:${s1}:ship`]);
  });
});

describe('satisfaction rating', () => {
  test("the chat's visitor rates it once after it ended; the seller sees it and GET /v1/status averages the target's last 7 days", async () => {
    const { teamId, sellerId, seller, visitor, contactId, visitorToken } = await heldChat();
    const token = sellerToken(sellerId, { teams: [teamId] });
    const early = await api<ErrorBody>(`/v1/contacts/${contactId}/rating`, { method: 'POST', token: visitorToken, body: { score: 5 } });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('not ended');
    expect((await api(`/v1/contacts/${contactId}/end`, { method: 'POST', token })).status).toBe(200);
    await visitor.next('contactEnded');

    const bySeller = await api<ErrorBody>(`/v1/contacts/${contactId}/rating`, { method: 'POST', token, body: { score: 1 } });
    expect(bySeller).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const stranger = await connectSessionVisitor();
    const byStranger = await api<ErrorBody>(`/v1/contacts/${contactId}/rating`, { method: 'POST', token: stranger.session.session, body: { score: 1 } });
    expect(byStranger).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    await stranger.close();
    for (const [body, words] of [
      [{ score: 6 }, '1 to 5'],
      [{ score: 2.5 }, 'whole number'],
      [{ score: 4, comment: 'x'.repeat(1001) }, '1000'],
    ] as const) {
      const refused = await api<ErrorBody>(`/v1/contacts/${contactId}/rating`, { method: 'POST', token: visitorToken, body });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain(words);
    }

    const rated = await api<RatingAnswer>(`/v1/contacts/${contactId}/rating`, { method: 'POST', token: visitorToken, body: { score: 4, comment: ' Quick and kind ' } });
    expect(rated).toMatchObject({ status: 201, body: { contact_id: contactId, rating: { score: 4, comment: 'Quick and kind' } } });
    const twice = await api<ErrorBody>(`/v1/contacts/${contactId}/rating`, { method: 'POST', token: visitor.session.session, body: { score: 1 } });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toContain('rated already');

    expect((await api<ContactView>(`/v1/contacts/${contactId}`, { token })).body.rating).toMatchObject({ score: 4, comment: 'Quick and kind' });
    const status = await api<{ ratings?: { target: string; days: number; count: number; average: number | null }[] }>('/v1/status', { token });
    expect(status.body.ratings).toEqual([
      { target: sellerId, days: 7, count: 0, average: null },
      { target: teamId, days: 7, count: 1, average: 4 },
    ]);
    await Promise.all([seller.close(), visitor.close()]);
  });
});
