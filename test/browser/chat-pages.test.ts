/**
 * Both pages at once, as a shop uses them: a visitor on the demo shop's widget and a seller on the
 * dashboard, each in its own headless Chromium profile, against the real local stack.
 * The README's screenshots come from the first test.
 */
import type { Browser } from 'playwright-core';
import { launchChromium, saveScreenshot } from '../support/browser';
import { sellerToken, uniqueId } from '../support/chat-client';
import { DashboardPage } from '../support/dashboard-page';
import { WidgetPage } from '../support/widget-page';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The id of the only chat in the dashboard's selected tab, once it shows. */
async function onlyChatId(dash: DashboardPage): Promise<string> {
  const item = dash.page.getByRole('tabpanel').locator('[data-contact-id]');
  await item.first().waitFor();
  expect(await item.count()).toBe(1);
  return String(await item.getAttribute('data-contact-id'));
}

describe('the widget and the dashboard together', () => {
  test('a visitor and a seller chat both ways, with typing, read receipts and the end of the chat', async () => {
    const sellerId = uniqueId('seller');
    const dash = await DashboardPage.open(browser);
    await dash.signIn(sellerToken(sellerId));
    const widget = await WidgetPage.open(browser, sellerId);
    await widget.openPanel();
    await widget.startChat('Ada', 'ada@example.com');
    await widget.send('Is the Trail 29 in stock in blue?');

    await dash.showTab('Assigned');
    const contactId = await onlyChatId(dash);
    await dash.chat(contactId).getByText('Ada', { exact: true }).waitFor();
    await dash.unread(contactId).filter({ hasText: /^1$/ }).waitFor();
    await dash.openChat(contactId);
    await dash.message(1).filter({ hasText: 'Is the Trail 29 in stock in blue?' }).waitFor();
    // the open chat counts as read, and the widget shows it
    await widget.waitForState('Is the Trail 29 in stock in blue?', 'read');

    await dash.reply('Yes, two left. Shall I hold one for you?');
    await widget.message('Yes, two left. Shall I hold one for you?').waitFor();
    // the widget's panel is open: it reports the reply read
    await dash.message(2).locator('.receipt', { hasText: 'Read' }).waitFor();

    await widget.page.getByLabel('Message', { exact: true }).pressSequentially('Yes ple');
    await dash.page.getByText('Visitor is typing…').waitFor();
    await widget.send('Yes please, I will pick it up today.');
    await dash.message(3).filter({ hasText: 'Yes please, I will pick it up today.' }).waitFor();
    await dash.reply('Done: it is at the counter under your name.');
    await widget.message('Done: it is at the counter under your name.').waitFor();
    await saveScreenshot(widget.page, 'readme-widget');
    await saveScreenshot(dash.page, 'readme-dashboard');

    await dash.page.getByRole('button', { name: 'End chat' }).click();
    await widget.panel.getByText('This chat has ended.').first().waitFor();
    await widget.page.getByRole('button', { name: 'Start a new chat' }).waitFor();
    await dash.showTab('Ended');
    await dash.chat(contactId).waitFor();
    await Promise.all([widget.close(), dash.close()]);
  });

  test('a chat waits in the queue while the seller is away, and moves to Assigned on both pages when it comes online', async () => {
    const sellerId = uniqueId('seller');
    const dash = await DashboardPage.open(browser);
    await dash.signIn(sellerToken(sellerId));
    await dash.setPresence('Away');
    await dash.showTab('Queued');

    const widget = await WidgetPage.open(browser, sellerId);
    await widget.openPanel();
    await widget.startChat('Bo');
    // its only seller is away: nobody can answer now, so the default auto-reply and the email form
    await widget.panel.getByText('Nobody is available to chat right now.', { exact: false }).waitFor();
    await widget.panel.getByRole('form', { name: 'Leave your email' }).waitFor();
    await widget.send('Do you deliver to Oslo?');
    const contactId = await onlyChatId(dash);
    await dash.chat(contactId).getByText('Bo', { exact: true }).waitFor();

    await dash.setPresence('Online');
    await dash.chat(contactId).waitFor({ state: 'detached' });
    await dash.showTab('Assigned');
    await dash.chat(contactId).waitFor();
    await widget.panel.getByText('A seller has joined the chat.').waitFor();
    await widget.panel.getByRole('form', { name: 'Leave your email' }).waitFor({ state: 'hidden' });
    await dash.openChat(contactId);
    await dash.message(1).filter({ hasText: 'Do you deliver to Oslo?' }).waitFor();
    await dash.reply('We do, in two days.');
    await widget.message('We do, in two days.').waitFor();
    await Promise.all([widget.close(), dash.close()]);
  });
});
