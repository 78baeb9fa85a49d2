/**
 * The attack of the visitor-sessions issue, step by step: someone who learns a visitor's id (from an
 * access log, a proxy, a seller's screen) tries to open that visitor's chat, as a widget session of
 * its own and as a device session (the seed widget's bare `?userId=`). Every step is refused or
 * comes back empty; the victim's own reconnect still works.
 */
import { signConnectTicket } from '../../lib/access/tokens';
import { customerSignature } from '../../lib/access/visitor-sessions';
import {
  api,
  connect,
  connectSeller,
  connectSessionVisitor,
  connectTicket,
  connectVisitor,
  expectRejected,
  sellerToken,
  uniqueId,
  wsUrl,
  type ChatSocket,
  type ErrorBody,
  type Frame,
  type FrameWith,
  type VisitorSession,
} from '../support/chat-client';
import { initChat, say } from '../support/chat-stories';
import type { ConnectTicketAnswer, MessagePage } from '../../lib/protocol/views';

const secret = () => process.env.CHAT_TOKEN_SECRET as string;

/** Frames of `socket` that concern `contactId`. */
const framesOf = (socket: ChatSocket, contactId: string) => socket.frames.filter((frame: Frame) => frame.contact_id === contactId);

/** Waits until `socket` has answered a ping: every frame the server pushed before it has arrived. */
async function settled(socket: ChatSocket): Promise<void> {
  socket.send({ action: 'ping' });
  await socket.next('pong');
}

describe("a leaked visitor id does not open a visitor session's chat", () => {
  const sellerId = uniqueId('seller');
  let seller: ChatSocket;
  let victim: ChatSocket & { session: VisitorSession };
  let chat: FrameWith<'InitChat'>;
  /** the impostors: a widget session of its own, and the seed widget's device session */
  let widgetImpostor: ChatSocket & { session: VisitorSession };
  let deviceImpostor: ChatSocket;
  let impostorChats: { widget: FrameWith<'InitChat'>; device: FrameWith<'InitChat'> };

  beforeAll(async () => {
    seller = await connectSeller(sellerId);
    victim = await connectSessionVisitor();
    chat = await initChat(victim, sellerId, { name: 'Victim' });
    await say(victim, chat.contact_id, 'my address is 1 Secret Lane');
    await say(seller, chat.contact_id, 'thanks, shipping today');
    widgetImpostor = await connectSessionVisitor();
    deviceImpostor = await connectVisitor(uniqueId('device'));
    impostorChats = {
      widget: await initChat(widgetImpostor, sellerId, { name: 'Victim' }),
      device: await initChat(deviceImpostor, sellerId, { name: 'Victim' }),
    };
  });
  afterAll(async () => {
    await Promise.all([seller, victim, widgetImpostor, deviceImpostor].map((socket) => socket.close()));
  });

  test("a device session cannot take the victim's id: the upgrade and the REST fallback refuse it with 400", async () => {
    expect(await expectRejected(wsUrl({ userId: victim.session.visitorId }))).toBe(400);
    const rest = await api('/sendmessage', { method: 'POST', body: { sellerId, deviceId: victim.session.visitorId, message: 'it is me' } });
    expect(rest).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
  });

  test('InitChat with the same seller gives each impostor a chat of its own; the device session gets no visitorToken', async () => {
    expect(impostorChats.widget.contact_id).not.toBe(chat.contact_id);
    expect(impostorChats.device.contact_id).not.toBe(chat.contact_id);
    expect(typeof impostorChats.widget.visitorToken).toBe('string');
    expect(impostorChats.device).not.toHaveProperty('visitorToken');
    expect(typeof chat.visitorToken).toBe('string');
  });

  test("resume of the victim's chat is refused; resume of their own replays nothing of the victim's", async () => {
    for (const impostor of [widgetImpostor, deviceImpostor]) {
      impostor.send({ action: 'resume', contact_id: chat.contact_id, afterSeq: 0 });
      expect(await impostor.next('error')).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    widgetImpostor.send({ action: 'resume', contact_id: impostorChats.widget.contact_id, afterSeq: 0 });
    expect(await widgetImpostor.next('resumed')).toMatchObject({ contact_id: impostorChats.widget.contact_id, count: 0 });
    for (const impostor of [widgetImpostor, deviceImpostor]) expect(framesOf(impostor, chat.contact_id)).toEqual([]);
  });

  test("the history API shows the victim's chat to no impostor credential", async () => {
    const credentials = [widgetImpostor.session.session, impostorChats.widget.visitorToken as string];
    for (const token of credentials) {
      expect(await api(`/v1/contacts/${chat.contact_id}`, { token })).toMatchObject({ status: 404 });
      expect(await api(`/v1/contacts/${chat.contact_id}/messages?after=0`, { token })).toMatchObject({ status: 404 });
      expect((await api(`/v1/visitors/${victim.session.visitorId}/contacts`, { token })).status).toBe(403);
    }
    // the victim's own session and token read it
    const own = await api<MessagePage>(`/v1/contacts/${chat.contact_id}/messages?after=0`, { token: victim.session.session });
    expect(own.body.messages.map((m: FrameWith<'sendMessage'>) => m.message)).toEqual(['my address is 1 Secret Lane', 'thanks, shipping today']);
    expect((await api(`/v1/visitors/${victim.session.visitorId}/contacts`, { token: chat.visitorToken })).status).toBe(200);
  });

  test("the REST fallback writes nothing into the victim's chat", async () => {
    const body = { sellerId, contact_id: chat.contact_id, message: 'send it elsewhere', clientMessageId: uniqueId('cm') };
    expect((await api('/sendmessage', { method: 'POST', token: widgetImpostor.session.session, body })).status).toBe(403);
    expect((await api('/sendmessage', { method: 'POST', token: impostorChats.widget.visitorToken, body })).status).toBe(403);
    expect((await api('/sendmessage', { method: 'POST', body })).status).toBe(401);
    // the session's own REST write lands in the session's own chat
    const own = await api('/sendmessage', { method: 'POST', token: widgetImpostor.session.session, body: { sellerId, message: 'mine', clientMessageId: uniqueId('cm') } });
    expect(own).toMatchObject({ status: 201, body: { contact_id: impostorChats.widget.contact_id } });
    const history = await api<MessagePage>(`/v1/contacts/${chat.contact_id}/messages?after=0`, { token: sellerToken(sellerId) });
    expect(history.body.messages).toHaveLength(2);
  });

  test("live pushes of the victim's chat reach the victim only", async () => {
    await say(seller, chat.contact_id, 'your parcel number is 42');
    expect(await victim.next((f) => f.message === 'your parcel number is 42')).toMatchObject({ contact_id: chat.contact_id });
    await Promise.all([settled(widgetImpostor), settled(deviceImpostor)]);
    for (const impostor of [widgetImpostor, deviceImpostor]) expect(framesOf(impostor, chat.contact_id)).toEqual([]);
  });

  test("what the victim missed while offline is delivered to the victim's next socket, never to an impostor's", async () => {
    await victim.close();
    const missed = await say(seller, chat.contact_id, 'while you were away');
    expect(missed.delivered).toBe(false);
    // impostors reconnect first: a new socket of the widget impostor's session, and a device session
    const impostorAgain = await connectSessionVisitor(widgetImpostor.session);
    const deviceAgain = await connectVisitor(uniqueId('device'));
    await Promise.all([settled(impostorAgain), settled(deviceAgain)]);
    for (const impostor of [impostorAgain, deviceAgain]) expect(framesOf(impostor, chat.contact_id)).toEqual([]);

    victim = await connectSessionVisitor(victim.session);
    expect(await victim.next((f) => f.message === 'while you were away')).toMatchObject({ contact_id: chat.contact_id, seq: missed.seq });
    await Promise.all([impostorAgain.close(), deviceAgain.close()]);
  });
});

describe('connect tickets on the upgrade', () => {
  test("a ticket opens one socket: replayed, forged, expired or another identity's is refused with 401", async () => {
    const session = (await connectSessionVisitor()).session;
    const granted = await connectTicket(session.session);
    const first = await connect(wsUrl({ ticket: granted.ticket }));
    expect(await first.next('connected')).toMatchObject({ role: 'visitor', userId: session.visitorId });
    // the same URL again, as someone who read it in a log would use it
    expect(await expectRejected(wsUrl({ ticket: granted.ticket }))).toBe(401);

    const holder = { role: 'visitor' as const, userId: session.visitorId };
    expect(await expectRejected(wsUrl({ ticket: signConnectTicket('not-the-secret', holder, 60) }))).toBe(401);
    expect(await expectRejected(wsUrl({ ticket: signConnectTicket(secret(), holder, -1) }))).toBe(401);
    expect(await expectRejected(wsUrl({ ticket: `${(await connectTicket(session.session)).ticket}x` }))).toBe(401);
    expect(await expectRejected(wsUrl({ ticket: (await connectTicket()).ticket, userId: session.visitorId }))).toBe(401);
    await first.close();
  });

  test('tickets are bought with a session or a seller token; a visitorToken, a ticket or a bad token buys nothing', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectTicket(sellerToken(sellerId, { teams: ['t-tickets'] }));
    expect(seller).toMatchObject({ userId: sellerId });
    expect(seller).not.toHaveProperty('visitorSession');
    const socket = await connect(wsUrl({ ticket: seller.ticket }));
    expect(await socket.next('connected')).toMatchObject({ role: 'seller', userId: sellerId });
    await socket.close();

    const visitor = await connectSessionVisitor();
    const chat = await initChat(visitor, sellerId);
    for (const credential of [chat.visitorToken, seller.ticket, 'garbage', sellerToken(sellerId, { expiresInSeconds: -5 })]) {
      expect(await api('/v1/connect-tickets', { method: 'POST', token: credential })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    }
    await visitor.close();
  });
});

describe("a shop's logged-in customer (CUSTOMER_SECRETS)", () => {
  const sellerId = 'customer-shop';
  const signedBy = (secret: string, customerId: string) => ({ customer: { sellerId, customerId, signature: customerSignature(secret, customerId) } });

  test('its chat follows it to another device; an unsigned or wrongly signed identity is refused with a clear error', async () => {
    const seller = await connectSeller(sellerId, { maxChats: 50 });
    const customerId = uniqueId('customer');
    const onLaptop = await api<ConnectTicketAnswer>('/v1/connect-tickets', { method: 'POST', body: signedBy('customer-shop-test-secret', customerId) });
    expect(onLaptop.status).toBe(201);
    const laptop = await connect(wsUrl({ ticket: onLaptop.body.ticket }));
    const chat = await initChat(laptop, sellerId);
    await say(laptop, chat.contact_id, 'ordered on my laptop');

    const onPhone = await api<ConnectTicketAnswer>('/v1/connect-tickets', { method: 'POST', body: signedBy('customer-shop-test-secret', customerId) });
    expect(onPhone.body.userId).toBe(onLaptop.body.userId);
    const phone = await connect(wsUrl({ ticket: onPhone.body.ticket }));
    expect((await initChat(phone, sellerId)).contact_id).toBe(chat.contact_id);
    phone.send({ action: 'resume', contact_id: chat.contact_id, afterSeq: 0 });
    expect(await phone.next((f) => f.action === 'sendMessage')).toMatchObject({ message: 'ordered on my laptop' });

    const forged = await api('/v1/connect-tickets', { method: 'POST', body: signedBy('a-guessed-secret', customerId) });
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'the customer signature does not match' } } });
    const unsigned = await api<ErrorBody>('/v1/connect-tickets', { method: 'POST', body: { customer: { sellerId, customerId } } });
    expect(unsigned).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    expect(unsigned.body.error.message).toContain('signature');
    await api(`/v1/contacts/${chat.contact_id}/end`, { method: 'POST', token: chat.visitorToken });
    await Promise.all([laptop.close(), phone.close(), seller.close()]);
  });
});

describe('device sessions turned off for a seller (DEVICE_SESSIONS_OFF)', () => {
  test('a device session may not start its chats, over the socket or REST; a visitor session may', async () => {
    const sellerId = 'sessions-only-seller';
    const seller = await connectSeller(sellerId, { maxChats: 50 });
    const device = await connectVisitor(uniqueId('device'));
    device.send({ action: 'InitChat', sellerId, userInfo: { name: 'Dev' } });
    expect(await device.next('error')).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const rest = await api('/sendmessage', { method: 'POST', body: { sellerId, message: 'hello' } });
    expect(rest).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });

    const visitor = await connectSessionVisitor();
    const chat = await initChat(visitor, sellerId);
    expect(chat).toMatchObject({ status: 'assigned', sellerId });
    await api(`/v1/contacts/${chat.contact_id}/end`, { method: 'POST', token: chat.visitorToken });
    await Promise.all([device.close(), visitor.close(), seller.close()]);
  });
});
