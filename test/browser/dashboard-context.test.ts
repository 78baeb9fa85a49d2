/**
 * Visitor context in the browser: the dashboard's chat header shows the page the visitor is on, its
 * local time and language, follows the visitor to another page (a page load, and the shop's in-page
 * navigation), and lists the visitor's earlier chats with the shop. The widget shows none of it.
 */
import type { Browser } from 'playwright-core';
import { expectNoSeriousViolations } from '../support/axe';
import { launchChromium, saveScreenshot, webUrl } from '../support/browser';
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

describe("the visitor's page in the dashboard", () => {
  test('the header shows the page, local time and language, and follows the visitor to other pages', async () => {
    const sellerId = uniqueId('seller');
    const dash = await DashboardPage.open(browser);
    await dash.signIn(sellerToken(sellerId));
    const widget = await WidgetPage.open(browser, sellerId, { timezoneId: 'Pacific/Auckland', locale: 'nb-NO' });
    await widget.openPanel();
    await widget.startChat('Ada');
    await widget.send('Is the Trail 29 in stock in blue?');
    const contactId = await widget.contactId(sellerId);

    await dash.showTab('Assigned');
    await dash.openChat(contactId);
    const context = dash.page.locator('#open-chat-context');
    // the page the chat started on, from InitChat
    await context.getByRole('link', { name: 'Northwind Bikes: demo shop' }).waitFor();
    await context.getByText(/Local time \d{1,2}:\d\d( [AP]M)? \(Pacific\/Auckland\)/).waitFor();
    await context.getByText(/Language nb-NO/).waitFor();
    await expectNoSeriousViolations(dash.page, 'dashboard: conversation with the visitor context');
    await saveScreenshot(dash.page, 'dashboard-visitor-context');

    // the visitor goes to another page of the shop: the widget loads again, resumes and reports it
    await widget.page.goto(webUrl(`/?seller=${encodeURIComponent(sellerId)}&product=trail-29#reviews`));
    const link = context.getByRole('link', { name: 'Northwind Bikes: demo shop' });
    await dash.page.waitForFunction(`(document.querySelector('#open-chat-context a')?.getAttribute('href') || '').includes('product=trail-29')`, undefined, { timeout: 15_000 });
    // kept without its fragment
    expect(await link.getAttribute('href')).toBe(webUrl(`/?seller=${encodeURIComponent(sellerId)}&product=trail-29`));

    // the shop's own navigation inside the page: the URL changes without a load
    await widget.page.evaluate(
      `history.pushState({}, '', '/?seller=${encodeURIComponent(sellerId)}&product=helmet'); document.title = 'Helmet'; dispatchEvent(new PopStateEvent('popstate'))`,
    );
    await context.getByRole('link', { name: 'Helmet' }).waitFor({ timeout: 15_000 });

    // the visitor's widget never shows any of it
    expect(await widget.panel.getByText('Pacific/Auckland').count()).toBe(0);
    await Promise.all([widget.close(), dash.close()]);
  });

  test("the header lists the visitor's earlier chats with the shop", async () => {
    const sellerId = uniqueId('seller');
    const dash = await DashboardPage.open(browser);
    await dash.signIn(sellerToken(sellerId));
    const widget = await WidgetPage.open(browser, sellerId);
    await widget.openPanel();
    await widget.startChat('Bo');
    await widget.send('First question');
    const first = await widget.contactId(sellerId);
    await dash.showTab('Assigned');
    await dash.openChat(first);
    await dash.page.getByRole('button', { name: 'End chat' }).click();
    await widget.page.getByRole('button', { name: 'Start a new chat' }).click();
    await widget.startChat('Bo');
    await widget.send('Second question');
    await widget.page.waitForFunction(
      `(JSON.parse(localStorage.getItem(${JSON.stringify(`seller-chat:chat:${sellerId}`)}) || '{}').contactId || ${JSON.stringify(first)}) !== ${JSON.stringify(first)}`,
    );
    const second = await widget.contactId(sellerId);
    await dash.showTab('Assigned');
    await dash.openChat(second);
    const earlier = dash.page.locator('#open-chat-context details.earlier');
    await earlier.getByText('Earlier chats with this shop: 1').waitFor();
    await earlier.getByText('Earlier chats with this shop: 1').click();
    await earlier.getByText(/· ended$/).waitFor();
    await expectNoSeriousViolations(dash.page, 'dashboard: conversation with earlier chats open');
    await Promise.all([widget.close(), dash.close()]);
  });
});
