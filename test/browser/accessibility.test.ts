/**
 * axe-core (WCAG 2.1 A/AA) on each state of the widget and the dashboard that a visitor and a seller
 * pass through: 0 serious or critical violations. Each state is reached the way a person reaches it,
 * on the real local stack; other browser tests call the same check (test/support/axe.ts).
 */
import type { Browser } from 'playwright-core';
import { expectNoSeriousViolations } from '../support/axe';
import { launchChromium } from '../support/browser';
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

describe('accessibility (axe-core, WCAG 2.1 A/AA): no serious or critical violation', () => {
  test('the widget: closed, the start form, a refused start, the conversation, the ended chat', async () => {
    const sellerId = uniqueId('seller');
    const dash = await DashboardPage.open(browser);
    await dash.signIn(sellerToken(sellerId));
    const widget = await WidgetPage.open(browser, sellerId);
    await expectNoSeriousViolations(widget.page, 'widget: closed (launcher on the shop page)');

    await widget.openPanel();
    await expectNoSeriousViolations(widget.page, 'widget: start form');
    // an empty name is refused in the form
    await widget.page.getByRole('button', { name: 'Start chat' }).click();
    await expectNoSeriousViolations(widget.page, 'widget: start form with its refusal');

    await widget.startChat('Ada', 'ada@example.com');
    await widget.send('Is the Trail 29 in stock in blue?');
    await dash.showTab('Assigned');
    const item = dash.page.getByRole('tabpanel').locator('[data-contact-id]');
    await item.first().waitFor();
    const contactId = String(await item.first().getAttribute('data-contact-id'));
    await dash.openChat(contactId);
    await dash.reply('Yes, two left.');
    await widget.message('Yes, two left.').waitFor();
    await widget.waitForState('Is the Trail 29 in stock in blue?', 'read');
    await expectNoSeriousViolations(widget.page, 'widget: conversation');

    await dash.page.getByRole('button', { name: 'End chat' }).click();
    await widget.page.getByRole('button', { name: 'Start a new chat' }).waitFor();
    await expectNoSeriousViolations(widget.page, 'widget: ended chat');
    await Promise.all([widget.close(), dash.close()]);
  });

  test('the widget in the queue: the queue notice, the email form, the email saved', async () => {
    const sellerId = uniqueId('seller');
    const dash = await DashboardPage.open(browser);
    await dash.signIn(sellerToken(sellerId));
    await dash.setPresence('Away');
    await expectNoSeriousViolations(dash.page, 'dashboard: away');
    const widget = await WidgetPage.open(browser, sellerId);
    await widget.openPanel();
    await widget.startChat('Bo');
    await widget.panel.getByText('Nobody is available to chat right now.', { exact: false }).waitFor();
    const emailForm = widget.panel.getByRole('form', { name: 'Leave your email' });
    await emailForm.waitFor();
    await expectNoSeriousViolations(widget.page, 'widget: queue notice and email form');

    await emailForm.getByRole('textbox').fill('bo@example.com');
    await emailForm.getByRole('button').click();
    await emailForm.waitFor({ state: 'hidden' });
    await expectNoSeriousViolations(widget.page, 'widget: email saved');
    await Promise.all([widget.close(), dash.close()]);
  });

  test('the dashboard: sign-in, a refused token, the lists, the conversation', async () => {
    const sellerId = uniqueId('seller');
    const dash = await DashboardPage.open(browser);
    await expectNoSeriousViolations(dash.page, 'dashboard: sign-in');
    await dash.page.getByLabel('Seller token', { exact: true }).fill('not-a-token');
    await dash.page.getByRole('button', { name: 'Sign in' }).click();
    await dash.signInError.filter({ hasText: /./ }).waitFor();
    await expectNoSeriousViolations(dash.page, 'dashboard: sign-in refused');

    await dash.signIn(sellerToken(sellerId, { maxChats: 1 }));
    await expectNoSeriousViolations(dash.page, 'dashboard: empty lists');

    // one chat assigned (the seller's only slot), a second one queued behind it
    const first = await WidgetPage.open(browser, sellerId);
    await first.openPanel();
    await first.startChat('Ada');
    await first.send('Is the Trail 29 in stock in blue?');
    const second = await WidgetPage.open(browser, sellerId);
    await second.openPanel();
    await second.startChat('Bo');
    await second.send('Do you deliver to Oslo?');

    await dash.showTab('Queued');
    // first(): while the list loads, a live contactQueued can show the same chat for a moment (seen once)
    await dash.page.getByRole('tabpanel').getByText('Bo', { exact: true }).first().waitFor();
    await expectNoSeriousViolations(dash.page, 'dashboard: queued list');
    await dash.showTab('Assigned');
    const item = dash.page.getByRole('tabpanel').locator('[data-contact-id]');
    await item.first().waitFor();
    const contactId = String(await item.first().getAttribute('data-contact-id'));
    await dash.unread(contactId).filter({ hasText: /^1$/ }).waitFor();
    await expectNoSeriousViolations(dash.page, 'dashboard: assigned list with an unread badge');

    await dash.openChat(contactId);
    await dash.message(1).waitFor();
    await dash.reply('Yes, two left.');
    await first.message('Yes, two left.').waitFor();
    await dash.message(2).locator('.receipt', { hasText: 'Read' }).waitFor();
    await expectNoSeriousViolations(dash.page, 'dashboard: conversation');

    await dash.page.getByRole('button', { name: 'End chat' }).click();
    await dash.showTab('Ended');
    await dash.chat(contactId).waitFor();
    await expectNoSeriousViolations(dash.page, 'dashboard: ended list');
    await Promise.all([first.close(), second.close(), dash.close()]);
  });
});
