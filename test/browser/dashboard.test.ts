/**
 * The seller dashboard in headless Chromium against the real local stack. The visitors are plain
 * `ws` clients here (the widget has its own tests), so every frame the dashboard sends is asserted
 * where it arrives.
 */
import { signSellerToken } from '../../lib/access/tokens';
import { browserPerFile, saveScreenshot } from '../support/browser';
import { dropConnection, connectSeller, connectVisitor, sellerToken, uniqueId, type ChatSocket } from '../support/chat-client';
import { initChat, say } from '../support/chat-stories';
import { COUNT_BEEPS, DashboardPage } from '../support/dashboard-page';

const chromium = browserPerFile();
const { open } = chromium;

async function dashboard(options: Parameters<typeof DashboardPage.open>[1] = {}): Promise<DashboardPage> {
  const page = await DashboardPage.open(chromium.browser, options);
  open.push(page);
  return page;
}

async function visitor(): Promise<ChatSocket> {
  const socket = await connectVisitor(uniqueId('device'));
  open.push(socket);
  return socket;
}

describe('the seller dashboard', () => {
  test('signs in with a token, shows a new chat as unread, and chats both ways with typing and read receipts', async () => {
    const sellerId = uniqueId('seller');
    const dash = await dashboard({ prepare: async (context) => void (await context.addInitScript(COUNT_BEEPS)) });
    await dash.signIn(sellerToken(sellerId));
    await dash.page.getByText(sellerId).waitFor();

    const ada = await visitor();
    const chat = await initChat(ada, sellerId, { name: 'Ada' });
    expect(chat).toMatchObject({ status: 'assigned', sellerId });
    const contactId = String(chat.contact_id);
    expect(await say(ada, contactId, 'Is the blue one in stock?')).toMatchObject({ action: 'messageAck', seq: 1 });

    // the chat shows in Assigned, unread, and the page asks for attention
    await dash.unread(contactId).filter({ hasText: /^1$/ }).waitFor();
    await dash.chat(contactId).getByText('Ada', { exact: true }).waitFor();
    await dash.tab('Assigned').filter({ hasText: '1' }).waitFor();
    await dash.waitForTitle('(1) Seller dashboard');
    expect(await dash.beeps()).toBeGreaterThanOrEqual(1);

    // opening it shows the message and tells the visitor it was read
    await dash.openChat(contactId);
    await dash.message(1).filter({ hasText: 'Is the blue one in stock?' }).waitFor();
    expect(await dash.message(1).getAttribute('class')).toBe('msg visitor');
    expect(await ada.next((f) => f.action === 'read' && f.role === 'seller')).toMatchObject({ contact_id: contactId, upToSeq: 1 });
    await dash.unread(contactId).waitFor({ state: 'detached' });
    await dash.waitForTitle('Seller dashboard');

    // Shift+Enter is a new line, not a send
    const replyBox = dash.page.getByLabel('Reply', { exact: true });
    await replyBox.pressSequentially('one');
    await replyBox.press('Shift+Enter');
    await replyBox.pressSequentially('two');
    expect(await replyBox.inputValue()).toBe('one\ntwo');

    // the reply: typing while it is written, then the message, then the read mark that covers it
    await dash.reply('Yes, two left.');
    // start and stop are handled concurrently by the stack, so their arrival order is not asserted
    expect(await ada.next((f) => f.action === 'typing' && f.state === 'start')).toMatchObject({ contact_id: contactId, role: 'seller', from: sellerId });
    expect(await ada.next((f) => f.action === 'typing' && f.state === 'stop')).toMatchObject({ contact_id: contactId, role: 'seller' });
    const received = await ada.next((f) => f.action === 'sendMessage');
    expect(received).toMatchObject({ contact_id: contactId, seq: 2, role: 'seller', from: sellerId, to: ada.frames[0]?.userId, message: 'Yes, two left.' });
    expect(received.clientMessageId).toMatch(/^d-[0-9a-f]{24}$/);
    await dash.message(2).filter({ hasText: 'Yes, two left.' }).waitFor();
    expect(await dash.message(2).getAttribute('class')).toBe('msg seller');
    expect(await ada.next((f) => f.action === 'read' && f.role === 'seller')).toMatchObject({ upToSeq: 2 });
    expect(await dash.page.getByLabel('Reply', { exact: true }).inputValue()).toBe('');

    // the visitor types, then reads the reply
    ada.send({ action: 'typing', contact_id: contactId, state: 'start' });
    await dash.page.getByText('Visitor is typing…').waitFor();
    ada.send({ action: 'typing', contact_id: contactId, state: 'stop' });
    await dash.page.getByText('Visitor is typing…').waitFor({ state: 'hidden' });
    ada.send({ action: 'read', contact_id: contactId, upToSeq: 2 });
    await dash.message(2).getByText('Read', { exact: true }).waitFor();

    // a live message in the open chat appends, unbadged, without a beep
    const beepsBefore = await dash.beeps();
    await say(ada, contactId, 'Great, I will take one.\nCan you ship today?');
    await dash.message(3).filter({ hasText: 'Can you ship today?' }).waitFor();
    expect(await dash.messages.count()).toBe(3);
    expect(await dash.unread(contactId).count()).toBe(0);
    expect(await dash.beeps()).toBe(beepsBefore);
    await saveScreenshot(dash.page, 'dashboard-conversation');
  });

  test('the Queued tab moves live: a chat a teammate takes leaves it at once, with no list read', async () => {
    const sellerId = uniqueId('seller');
    const teamId = uniqueId('team');
    const dash = await dashboard();
    await dash.signIn(sellerToken(sellerId, { teams: [teamId] }));
    await dash.setPresence('Away');
    await dash.showTab('Queued');
    const cy = await visitor();
    const chat = await initChat(cy, teamId, { name: 'Cy' });
    expect(chat).toMatchObject({ status: 'queued' });
    const contactId = String(chat.contact_id);
    await dash.chat(contactId).getByText('Cy', { exact: true }).waitFor();
    // the reload a new chat brings has run; from here on every read of the lists is counted
    await dash.page.waitForTimeout(1000);
    const reads: string[] = [];
    dash.page.on('request', (request) => {
      if (request.url().includes('/v1/contacts')) reads.push(request.url());
    });

    const mate = await connectSeller(uniqueId('seller'), { teams: [teamId] });
    open.push(mate);
    expect(await mate.next('contactAssigned')).toMatchObject({ contact_id: contactId });
    await dash.chat(contactId).waitFor({ state: 'detached' });
    await dash.tab('Queued').filter({ hasText: '0' }).waitFor();
    expect(reads).toEqual([]);
  });

  test('moves a chat from Queued to Assigned when the seller comes back online', async () => {
    const sellerId = uniqueId('seller');
    const dash = await dashboard();
    await dash.signIn(sellerToken(sellerId));
    await dash.setPresence('Away');
    // presence is the server's: a reload (a new socket) shows Away again
    await dash.page.reload();
    await dash.waitConnected();
    await dash.page.locator('.presence button[aria-pressed="true"]', { hasText: 'Away' }).waitFor();
    await dash.showTab('Queued');

    const bo = await visitor();
    const chat = await initChat(bo, sellerId, { name: 'Bo' });
    expect(chat).toMatchObject({ status: 'queued', sellerId: null });
    const contactId = String(chat.contact_id);
    await say(bo, contactId, 'anyone there?');

    // pushed live (contactQueued, reason "new"): no reload
    await dash.chat(contactId).getByText('Bo', { exact: true }).waitFor();
    await dash.tab('Queued').filter({ hasText: '1' }).waitFor();
    await saveScreenshot(dash.page, 'dashboard-queued');

    await dash.setPresence('Online');
    expect(await bo.next('contactAssigned')).toMatchObject({ contact_id: contactId, sellerId });
    await dash.chat(contactId).waitFor({ state: 'detached' });
    await dash.tab('Queued').filter({ hasText: '0' }).waitFor();
    // by keyboard: arrow to the Assigned tab, Tab into its list, Enter opens the chat
    await dash.tab('Queued').focus();
    await dash.page.keyboard.press('ArrowRight');
    await dash.page.locator('[role="tab"][aria-selected="true"]', { hasText: 'Assigned' }).waitFor();
    await dash.unread(contactId).filter({ hasText: /^1$/ }).waitFor();
    await dash.page.keyboard.press('Tab');
    expect(await dash.page.evaluate('document.activeElement.closest("[data-contact-id]")?.dataset.contactId')).toBe(contactId);
    await dash.page.keyboard.press('Enter');
    await dash.message(1).filter({ hasText: 'anyone there?' }).waitFor();
    expect(await bo.next((f) => f.action === 'read' && f.role === 'seller')).toMatchObject({ contact_id: contactId, upToSeq: 1 });
  });

  test('End chat moves it to Ended and tells the visitor; a local token signs in', async () => {
    const sellerId = uniqueId('seller');
    const dash = await dashboard();
    await dash.signInLocal(sellerId);
    await dash.page.getByText(sellerId).waitFor();

    const cy = await visitor();
    const chat = await initChat(cy, sellerId, { name: 'Cy' });
    const contactId = String(chat.contact_id);
    await say(cy, contactId, 'just looking');
    await dash.chat(contactId).waitFor();
    await dash.openChat(contactId);
    await dash.message(1).waitFor();

    await dash.page.getByRole('button', { name: 'End chat' }).click();
    expect(await cy.next('contactEnded')).toMatchObject({ contact_id: contactId, status: 'ended', endedBy: 'seller' });
    await dash.chat(contactId).waitFor({ state: 'detached' });
    await dash.tab('Ended').filter({ hasText: '1' }).waitFor();
    await dash.showTab('Ended');
    await dash.chat(contactId).getByText('ended by seller').waitFor();
    // the open chat stays readable, but takes no reply
    await dash.page.getByText('This chat has ended.').waitFor();
    expect(await dash.page.getByLabel('Reply', { exact: true }).isDisabled()).toBe(true);
    expect(await dash.page.getByRole('button', { name: 'End chat' }).isVisible()).toBe(false);
    await saveScreenshot(dash.page, 'dashboard-ended');
  });

  test('Transfer shows a refusal in the alert, then hands the chat to another seller', async () => {
    const sellerId = uniqueId('seller');
    const otherId = uniqueId('seller');
    const other = await connectSeller(otherId);
    open.push(other);
    const dash = await dashboard();
    await dash.signIn(sellerToken(sellerId));

    const di = await visitor();
    // a visitor's name and text are shown as text, never as markup
    const hostile = '<img src=x onerror="window.__injected=1">Di';
    const contactId = String((await initChat(di, sellerId, { name: hostile })).contact_id);
    await say(di, contactId, '<b>bold?</b>');
    await dash.chat(contactId).getByText(hostile).waitFor();
    await dash.openChat(contactId);
    await dash.message(1).getByText('<b>bold?</b>').waitFor();
    expect(await dash.page.locator('#app img, #app b').count()).toBe(0);
    expect(await dash.page.evaluate('window.__injected')).toBeUndefined();

    await dash.page.getByRole('button', { name: 'Transfer', exact: true }).click();
    await dash.page.getByLabel('Target id').fill(sellerId);
    await dash.page.getByRole('button', { name: 'Confirm' }).click();
    await dash.alert.filter({ hasText: 'Could not transfer the chat' }).waitFor();
    expect(await dash.page.getByRole('alert').textContent()).toContain('the chat is already yours');

    await dash.page.getByLabel('Target id').fill(otherId);
    await dash.page.getByRole('button', { name: 'Confirm' }).click();
    expect(await other.next('contactAssigned')).toMatchObject({ contact_id: contactId });
    expect(await di.next('contactTransferred')).toMatchObject({ contact_id: contactId, fromSellerId: sellerId, toSellerId: otherId });
    await dash.chat(contactId).waitFor({ state: 'detached' });
    await dash.page.getByText(`Transferred to ${otherId}.`).first().waitFor();
    expect(await dash.page.getByLabel('Reply', { exact: true }).isDisabled()).toBe(true);
  });

  test('pages back through a long chat, and after a dropped socket resumes it without showing anything twice', async () => {
    const sellerId = uniqueId('seller');
    const token = sellerToken(sellerId);
    // 25 messages, visitor and seller taking turns (each side stays within its message bucket),
    // written from a plain socket before the seller opens the dashboard
    const earlier = await connectSeller(sellerId, { token });
    const ed = await visitor();
    const contactId = String((await initChat(ed, sellerId, { name: 'Ed' })).contact_id);
    for (let i = 1; i <= 25; i++) expect(await say(i % 2 ? ed : earlier, contactId, `line ${i}`)).toMatchObject({ seq: i });
    await earlier.close();

    const dash = await dashboard({ viewport: { width: 1100, height: 600 } });
    await dash.signIn(token);
    await dash.unread(contactId).waitFor();
    await dash.openChat(contactId);
    await dash.message(25).waitFor();
    expect(await dash.messages.count()).toBe(20);
    expect(await dash.messages.first().getAttribute('data-seq')).toBe('6');

    await dash.page.getByRole('button', { name: 'Load earlier messages' }).click();
    await dash.message(1).filter({ hasText: 'line 1' }).waitFor();
    expect(await dash.messages.count()).toBe(25);
    await dash.page.getByRole('button', { name: 'Load earlier messages' }).waitFor({ state: 'hidden' });
    const seqs = await dash.messages.evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-seq'))));
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));

    // the management API closes the dashboard's socket; the visitor writes while it is down
    const [before] = await dash.connectionIds(sellerId);
    expect(before).toBeDefined();
    await dropConnection(String(before));
    await dash.page.locator('#socket-status[data-state="reconnecting"]').waitFor();
    for (let i = 26; i <= 28; i++) await say(ed, contactId, `line ${i}`);
    await dash.waitConnected();
    await dash.message(28).filter({ hasText: 'line 28' }).waitFor();
    // pending delivery and the resume both carry 26-28: each is shown once
    await dash.page.waitForFunction('document.querySelectorAll("li.msg").length >= 28');
    const after = await dash.messages.evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-seq'))));
    expect(after).toEqual(Array.from({ length: 28 }, (_, i) => i + 1));
    expect(await ed.next((f) => f.action === 'read' && f.role === 'seller' && f.upToSeq === 28)).toMatchObject({ contact_id: contactId });
  });

  test('explains refused tokens on the sign-in form, stays signed in across a reload, and stacks on a phone', async () => {
    const sellerId = uniqueId('seller');
    const dash = await dashboard({ viewport: { width: 390, height: 800 } });
    const field = dash.page.getByLabel('Seller token', { exact: true });
    const submit = dash.page.getByRole('button', { name: 'Sign in' });

    await field.fill('not a token');
    await submit.click();
    await dash.signInError.filter({ hasText: 'not a seller token' }).waitFor();

    await field.fill(sellerToken(sellerId, { expiresInSeconds: -60 }));
    await submit.click();
    await dash.signInError.filter({ hasText: 'This token expired' }).waitFor();

    // well-formed and unexpired, but signed with another secret: only the server can tell
    await field.fill(signSellerToken('another-secret', sellerId));
    await submit.click();
    await dash.signInError.filter({ hasText: 'The server refused this token' }).waitFor();
    expect(await dash.page.getByRole('alert').textContent()).toContain('get a new one');

    await dash.signIn(sellerToken(sellerId));
    await dash.page.reload();
    await dash.waitConnected();
    await dash.page.getByText(sellerId).waitFor();

    // under 700 px the list sits above the open chat, and nothing scrolls sideways
    const list = await dash.page.getByRole('navigation', { name: 'Chats' }).boundingBox();
    const conversation = await dash.page.getByRole('region', { name: 'Conversation' }).boundingBox();
    expect(list && conversation && list.y + list.height <= conversation.y + 1).toBe(true);
    expect(await dash.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await saveScreenshot(dash.page, 'dashboard-phone');

    await dash.page.getByRole('button', { name: 'Sign out' }).click();
    await field.waitFor();
    // the token left sessionStorage with the session: a reload asks for one again
    await dash.page.reload();
    await field.waitFor();
    expect(await dash.page.locator('#app').isHidden()).toBe(true);
  });
});
