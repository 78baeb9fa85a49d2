/**
 * The visitor widget in headless Chromium against the real local stack. The seller side is a
 * plain WebSocket client here (dashboard.test.ts and chat-pages.test.ts drive the dashboard).
 */
import type { Browser } from 'playwright-core';
import { launchChromium, saveScreenshot } from '../support/browser';
import { api, dropConnection, connectSeller, sellersCopy, sellerToken, uniqueId, type ChatSocket } from '../support/chat-client';
import { WidgetPage } from '../support/widget-page';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A seller online on a plain socket, and the demo shop's widget pointed at it, with a chat started. */
async function chatWithSeller(options: Parameters<typeof WidgetPage.open>[2] = {}) {
  const sellerId = uniqueId('seller');
  const seller = await connectSeller(sellerId);
  const widget = await WidgetPage.open(browser, sellerId, options);
  await widget.openPanel();
  await widget.startChat('Ada', 'ada@example.com');
  const assigned = sellersCopy(await seller.next('contactAssigned'));
  return { sellerId, seller, widget, contactId: String(assigned.contact_id), deviceId: assigned.visitor.userId };
}

/** Sends a seller message; resolves with its ack once it is stored. */
function reply(seller: ChatSocket, deviceId: string, contactId: string, text: string) {
  const clientMessageId = uniqueId('r');
  seller.send({ action: 'sendMessage', to: deviceId, contact_id: contactId, message: text, clientMessageId });
  return seller.next((f) => f.action === 'messageAck' && f.clientMessageId === clientMessageId);
}

describe('the widget', () => {
  test('chats both ways with time and sent, delivered and read states, the typing indicator and the seller-away notice', async () => {
    const { seller, widget, contactId, deviceId } = await chatWithSeller();
    // the visitor is the session the server issued, not an id the page made up
    expect(await widget.visitorId()).toBe(deviceId);
    expect(deviceId).toMatch(/^vs\./);

    await widget.send('Is the Trail 29 in stock?');
    const received = await seller.next((f) => f.action === 'sendMessage' && f.message === 'Is the Trail 29 in stock?');
    expect(received).toMatchObject({ contact_id: contactId, role: 'visitor', from: deviceId });
    await widget.waitForState('Is the Trail 29 in stock?', 'delivered');
    await widget
      .message('Is the Trail 29 in stock?')
      .locator('time')
      .filter({ hasText: /\d{1,2}:\d{2}/ })
      .waitFor();

    seller.send({ action: 'typing', contact_id: contactId, state: 'start' });
    await widget.panel.getByText('The seller is typing…').waitFor();
    await reply(seller, deviceId, contactId, 'Yes, two left in blue.');
    await widget.message('Yes, two left in blue.').waitFor();
    await widget.panel.getByText('The seller is typing…').waitFor({ state: 'detached' });
    // the panel is open, so the widget tells the seller it read the reply
    expect(await seller.next((f) => f.action === 'read' && f.role === 'visitor')).toMatchObject({ contact_id: contactId, upToSeq: 2 });

    seller.send({ action: 'read', contact_id: contactId, upToSeq: 1 });
    await widget.waitForState('Is the Trail 29 in stock?', 'read');

    seller.send({ action: 'presence', status: 'away' });
    await widget.panel.getByText('The seller is away right now.', { exact: false }).waitFor();
    await saveScreenshot(widget.page, 'widget-chat');
    await Promise.all([widget.close(), seller.close()]);
  });

  test('a reload resumes the same chat with its history', async () => {
    const { seller, widget, contactId, deviceId } = await chatWithSeller();
    await widget.send('first question');
    await seller.next((f) => f.action === 'sendMessage' && f.message === 'first question');
    await reply(seller, deviceId, contactId, 'first answer');
    await widget.message('first answer').waitFor();

    await widget.page.reload();
    await widget.openPanel();
    // history in order, and no start form
    await widget.message('first answer').waitFor();
    expect(await widget.messages.allTextContents()).toEqual([expect.stringContaining('first question'), expect.stringContaining('first answer')]);
    expect(await widget.page.getByRole('button', { name: 'Start chat' }).isVisible()).toBe(false);
    await widget.send('after the reload');
    expect(await seller.next((f) => f.action === 'sendMessage' && f.message === 'after the reload')).toMatchObject({ contact_id: contactId, seq: 3 });
    await Promise.all([widget.close(), seller.close()]);
  });

  test("a second tab is the same visitor: it shows the chat, and the seller's replies reach both tabs", async () => {
    const { seller, widget, contactId, deviceId } = await chatWithSeller();
    await widget.send('from the first tab');
    await seller.next((f) => f.action === 'sendMessage' && f.message === 'from the first tab');

    const second = await widget.openTab();
    await second.openPanel();
    await second.message('from the first tab').waitFor();
    expect(await second.visitorId()).toBe(deviceId);
    await reply(seller, deviceId, contactId, 'to both tabs');
    await Promise.all([widget.message('to both tabs').waitFor(), second.message('to both tabs').waitFor()]);
    await second.send('from the second tab');
    expect(await seller.next((f) => f.action === 'sendMessage' && f.message === 'from the second tab')).toMatchObject({ contact_id: contactId, from: deviceId });
    expect(second.socketUrls.every((url) => new URL(url).searchParams.has('ticket'))).toBe(true);
    await Promise.all([widget.close(), seller.close()]);
  });

  test("a shop's logged-in customer finds its chat on another device", async () => {
    // customer-shop signs its customers (CUSTOMER_SECRETS in the test setup); each page is a fresh browser
    const sellerId = 'customer-shop';
    const customer = uniqueId('customer');
    const seller = await connectSeller(sellerId, { maxChats: 50 });
    const laptop = await WidgetPage.open(browser, sellerId, { customer });
    await laptop.openPanel();
    await laptop.startChat('Ada');
    const assigned = sellersCopy(await seller.next('contactAssigned'));
    await laptop.send('ordered on my laptop');
    await laptop.waitForState('ordered on my laptop', 'delivered');

    const phone = await WidgetPage.open(browser, sellerId, { customer, viewport: { width: 360, height: 740 } });
    await phone.openPanel();
    await phone.startChat('Ada');
    await phone.message('ordered on my laptop').waitFor();
    expect(await phone.visitorId()).toBe(await laptop.visitorId());
    expect(await phone.visitorId()).toBe(assigned.visitor.userId);
    await api(`/v1/contacts/${assigned.contact_id}/end`, { method: 'POST', token: sellerToken(sellerId) });
    await Promise.all([laptop.close(), phone.close(), seller.close()]);
  });

  test('when the server drops its socket the widget reconnects and shows what was sent meanwhile, once each', async () => {
    const { seller, widget, contactId, deviceId } = await chatWithSeller();
    await widget.send('hello');
    await widget.waitForState('hello', 'delivered');
    const [before] = await widget.connectionIds();
    expect(before).toBeDefined();

    // the management API closes the visitor's connection, as API Gateway does after 2 h or on a deploy
    await dropConnection(String(before));
    await Promise.all([1, 2, 3].map((i) => reply(seller, deviceId, contactId, `meanwhile ${i}`)));
    for (let i = 1; i <= 3; i++) await widget.message(`meanwhile ${i}`).waitFor();

    // a new connection replaced the dropped one, and nothing is shown twice
    await widget.waitForNewConnection(String(before));
    expect(await widget.connectionIds()).not.toContain(before);
    expect(await widget.messages.count()).toBe(4);
    // each upgrade carried a fresh single-use ticket and nothing else: no id or token that lasts
    const queries = widget.socketUrls.map((url) => [...new URL(url).searchParams.keys()]);
    expect(queries.length).toBeGreaterThanOrEqual(1);
    for (const keys of queries) expect(keys).toEqual(['ticket']);
    expect(new Set(widget.socketUrls).size).toBe(widget.socketUrls.length);
    await widget.send('still here');
    expect(await seller.next((f) => f.action === 'sendMessage' && f.message === 'still here')).toMatchObject({ contact_id: contactId });
    await Promise.all([widget.close(), seller.close()]);
  });

  test('with the WebSocket blocked it falls back to REST both ways and says so', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const widget = await WidgetPage.open(browser, sellerId, {
      // every WebSocket the page opens is closed before the server sees it
      prepare: (context) => context.routeWebSocket(/.*/, (socket) => socket.close()),
    });
    await widget.openPanel();
    await widget.startChat('Bo');
    await widget.send('over plain HTTP');
    const assigned = sellersCopy(await seller.next('contactAssigned'));
    const contactId = String(assigned.contact_id);
    expect(await seller.next((f) => f.action === 'sendMessage' && f.message === 'over plain HTTP')).toMatchObject({ contact_id: contactId, seq: 1 });
    await widget.waitForState('over plain HTTP', 'delivered');
    await widget.banner.filter({ hasText: 'Messages are sent over HTTPS' }).waitFor();

    const deviceId = assigned.visitor.userId;
    await reply(seller, deviceId, contactId, 'polled reply');
    await widget.message('polled reply').waitFor();
    await widget.send('second over HTTP');
    expect(await seller.next((f) => f.action === 'sendMessage' && f.message === 'second over HTTP')).toMatchObject({ contact_id: contactId, seq: 3 });
    // a reply stored just before the visitor's next message: the widget's own seq 5 must not hide the seller's seq 4
    await reply(seller, deviceId, contactId, 'reply number four');
    await widget.send('number five');
    expect(await seller.next((f) => f.action === 'sendMessage' && f.message === 'number five')).toMatchObject({ seq: 5 });
    await widget.message('reply number four').waitFor();
    expect(await widget.messages.evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-seq'))))).toEqual([1, 2, 3, 4, 5]);
    expect(await widget.connectionIds()).toEqual([]);
    await saveScreenshot(widget.page, 'widget-rest-fallback');
    await Promise.all([widget.close(), seller.close()]);
  });

  test('says the visitor is in the queue until a seller comes, and keeps what was written meanwhile', async () => {
    const sellerId = uniqueId('seller');
    const widget = await WidgetPage.open(browser, sellerId);
    await widget.openPanel();
    await widget.startChat('Cy');
    // the seller is offline: the default auto-reply, and the place in the queue
    await widget.panel.getByText('Nobody is available to chat right now.', { exact: false }).waitFor();
    await widget.panel.getByText('You are number 1 in the queue.', { exact: false }).waitFor();
    await widget.send('anyone there?');
    await widget.waitForState('anyone there?', 'sent');

    const seller = await connectSeller(sellerId);
    await seller.next('contactAssigned');
    expect(await seller.next((f) => f.action === 'sendMessage')).toMatchObject({ message: 'anyone there?', seq: 1 });
    await widget.panel.getByText('A seller has joined the chat.').waitFor();
    expect(await widget.panel.getByText('in the queue.', { exact: false }).count()).toBe(0);
    await Promise.all([widget.close(), seller.close()]);
  });

  test("when nobody can answer it shows the team's auto-reply and the place in the queue, and asks for an email the seller then sees", async () => {
    const widget = await WidgetPage.open(browser, 'quiet-team');
    await widget.openPanel();
    await widget.startChat('Di', 'di@example.com');
    await widget.panel.getByText('The quiet team is out; leave your email. You are number 1 in the queue.', { exact: false }).waitFor();
    const form = widget.panel.getByRole('form', { name: 'Leave your email' });
    const email = form.getByLabel('Your email, to be answered there');
    // filled from the start form; the visitor may change it
    expect(await email.inputValue()).toBe('di@example.com');
    await email.fill('di.work@example.com');
    await form.getByRole('button', { name: 'Leave email' }).click();
    await widget.panel.getByText('We will answer at di.work@example.com if you leave.', { exact: false }).waitFor();
    await form.waitFor({ state: 'hidden' });
    await saveScreenshot(widget.page, 'widget-nobody-available');
    // a reload shows the same: the reason, the place and the email left
    await widget.page.reload();
    await widget.openPanel();
    await widget.panel.getByText('The quiet team is out; leave your email. You are number 1 in the queue. We will answer at di.work@example.com', { exact: false }).waitFor();
    expect(await form.isVisible()).toBe(false);

    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId, { teams: ['quiet-team'] });
    expect(await seller.next('contactAssigned')).toMatchObject({ visitor: { userInfo: { name: 'Di', email: 'di.work@example.com' } } });
    await widget.panel.getByText('A seller has joined the chat.').waitFor();
    await Promise.all([widget.close(), seller.close()]);
  });

  test('shows markup in messages as text and never runs it', async () => {
    const { seller, widget, contactId, deviceId } = await chatWithSeller();
    const hostile = '<img src=x onerror="window.__injected=1"><b>bold?</b>';
    await reply(seller, deviceId, contactId, hostile);
    await widget.message(hostile).waitFor();
    expect(await widget.page.evaluate('window.__injected')).toBeUndefined();
    expect(await widget.panel.locator('img, b').count()).toBe(0);
    await Promise.all([widget.close(), seller.close()]);
  });

  test('a refused start (a shop page the seller does not allow) returns to the form and says why', async () => {
    // the test stack allows origin-locked-seller's widget only on https://shop.example
    const widget = await WidgetPage.open(browser, 'origin-locked-seller');
    await widget.openPanel();
    await widget.startChat('Dee');
    await widget.panel.getByRole('alert').filter({ hasText: 'may not be used from http://127.0.0.1' }).waitFor();
    expect(await widget.page.getByRole('button', { name: 'Start chat' }).isVisible()).toBe(true);
    await widget.close();
  });

  test('fits a 360 px phone and works from the keyboard', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const widget = await WidgetPage.open(browser, sellerId, { viewport: { width: 360, height: 740 } });
    await widget.page.keyboard.press('Tab');
    // the launcher is the only focusable widget element before the panel opens; the demo page has one link first
    await widget.page.getByRole('button', { name: /^Open chat/ }).focus();
    await widget.page.keyboard.press('Enter');
    await widget.panel.waitFor();
    await widget.page.keyboard.type('Kim');
    await widget.page.keyboard.press('Enter');
    await seller.next('contactAssigned');
    await widget.page.keyboard.type('typed without a mouse');
    await widget.page.keyboard.press('Enter');
    await seller.next((f) => f.action === 'sendMessage' && f.message === 'typed without a mouse');
    const box = await widget.panel.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    const scrollWidth = await widget.page.evaluate('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(360);
    await saveScreenshot(widget.page, 'widget-phone');
    await widget.page.keyboard.press('Escape');
    await widget.panel.waitFor({ state: 'hidden' });
    await Promise.all([widget.close(), seller.close()]);
  });
});
