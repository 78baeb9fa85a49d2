/**
 * The shop's assistant on the pages, against the real local stack (ASSISTANT waiting for
 * assistant-shop, set by the test setup; the extractive engine). Nobody of assistant-shop is
 * online until the last step, so the widget's chats wait in the queue, where the assistant answers:
 * the answer streams into a bubble, then shows as the assistant's with its source; "Talk to a
 * person" hands a chat to a person; and the seller who opens the chat sees who answered.
 */
import type { Browser } from 'playwright-core';
import { launchChromium, saveScreenshot } from '../support/browser';
import { api, sellerToken } from '../support/chat-client';
import { DashboardPage } from '../support/dashboard-page';
import { WidgetPage } from '../support/widget-page';

const SHOP = 'assistant-shop';
const SHIPPING_URL = 'https://shop.example/help/shipping';

let browser: Browser;
const open: Array<{ close(): Promise<unknown> }> = [];
beforeAll(async () => {
  browser = await launchChromium();
  const answer = await api('/v1/knowledge/shipping', {
    method: 'PUT',
    token: sellerToken(SHOP),
    body: {
      title: 'Shipping',
      url: SHIPPING_URL,
      format: 'markdown',
      text: '# Shipping\n\nOrders ship within 2 business days. Delivery in Europe takes 3 to 5 days after shipping.',
    },
  });
  expect(answer.status).toBeLessThan(300);
});
afterAll(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close().catch(() => undefined)));
  await browser?.close();
});

/** The demo shop's widget for SHOP with a chat started, waiting in the queue. */
async function waitingChat(name: string): Promise<WidgetPage> {
  const widget = await WidgetPage.open(browser, SHOP);
  open.push(widget);
  await widget.openPanel();
  await widget.startChat(name);
  await widget.panel.getByText('You are in the queue', { exact: false }).first().waitFor();
  return widget;
}

/**
 * Counts, in the page, the streaming bubbles that appear in the widget's log and whether each was
 * marked busy: the answer can stream by faster than a test polls. A string body: the tests'
 * tsconfig has no DOM types.
 */
const WATCH_STREAMING = `(() => {
  window.__streaming = [];
  const root = document.getElementById('seller-chat-widget').shadowRoot;
  new MutationObserver(() => {
    for (const item of root.querySelectorAll('li.msg.streaming')) {
      if (!window.__streaming.includes(item)) window.__streaming.push(item);
    }
    window.__streamingBusy = window.__streaming.map((item) => item.getAttribute('aria-busy'));
    window.__streamingText = window.__streaming.map((item) => item.querySelector('.bubble').textContent);
  }).observe(root, { subtree: true, childList: true, characterData: true });
})()`;

/** Shows the tab (Assigned or Queued) that lists the chat, once the lists have loaded. */
async function findChat(dash: DashboardPage, contactId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const tab of ['Assigned', 'Queued'] as const) {
      await dash.showTab(tab);
      if (await dash.chat(contactId).count()) return;
    }
    if (Date.now() > deadline) throw new Error(`chat ${contactId} is in neither the Assigned nor the Queued tab`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("the shop's assistant on the pages", () => {
  let answeredChat = '';

  test('a waiting chat’s question streams into a bubble, then shows as the assistant’s answer with its source', async () => {
    const widget = await waitingChat('Ada');
    const talk = widget.panel.getByRole('button', { name: 'Talk to a person' });
    await talk.waitFor();
    await widget.page.evaluate(WATCH_STREAMING);

    await widget.send('How long does shipping take?');
    const answer = widget.page.locator('li.msg.assistant:not(.streaming)');
    await answer.waitFor({ timeout: 15_000 });
    await answer.filter({ hasText: /takes 3 to 5 days/ }).waitFor();
    expect(await answer.locator('.who').textContent()).toBe('Assistant');
    expect(await answer.getAttribute('aria-busy')).toBeNull();
    // the source, as a link that opens apart from the shop's page
    const source = answer.locator('.sources').getByRole('link', { name: 'Shipping' });
    expect(await source.getAttribute('href')).toBe(SHIPPING_URL);
    expect(await source.getAttribute('target')).toBe('_blank');
    expect(await source.getAttribute('rel')).toBe('noopener noreferrer');
    // it streamed in a busy bubble of its own, now replaced: one answer shows, and it sits in the log
    expect(await widget.page.evaluate('window.__streamingBusy')).toEqual(expect.arrayContaining(['true']));
    expect(await widget.page.locator('li.msg.streaming').count()).toBe(0);
    expect(await widget.page.locator('li.msg.assistant').count()).toBe(1);
    expect(await widget.page.getByRole('log', { name: 'Messages' }).locator('li.msg.assistant').count()).toBe(1);
    // after the question it answers
    const texts = await widget.messages.allTextContents();
    expect(texts.findIndex((text) => text.includes('How long does shipping take?'))).toBe(texts.findIndex((text) => text.includes('takes 3 to 5 days')) - 1);
    // the chat still waits and the assistant was not stopped: the button stays
    expect(await talk.isVisible()).toBe(true);
    answeredChat = await widget.contactId(SHOP);
    await saveScreenshot(widget.page, 'widget-assistant');
  });

  test('ASSISTANT first: a new chat says the assistant answers (not the queue), and offers a person', async () => {
    const widget = await WidgetPage.open(browser, 'assistant-first');
    open.push(widget);
    await widget.openPanel();
    await widget.startChat('First');
    await widget.panel.getByText("The shop's assistant answers first", { exact: false }).waitFor();
    await widget.panel.getByRole('button', { name: 'Talk to a person' }).waitFor();
    expect(await widget.panel.getByText('You are in the queue', { exact: false }).count()).toBe(0);
  });

  test('"Talk to a person" says a person will answer here, and goes', async () => {
    const widget = await waitingChat('Bo');
    const talk = widget.panel.getByRole('button', { name: 'Talk to a person' });
    await talk.click();
    await widget.panel.getByText('A person will answer here as soon as one is free.', { exact: false }).waitFor();
    await talk.waitFor({ state: 'hidden' });
    // a reload remembers it
    await widget.page.reload();
    await widget.openPanel();
    await widget.panel.getByText('A person will answer here as soon as one is free.', { exact: false }).waitFor();
    expect(await widget.panel.getByRole('button', { name: 'Talk to a person' }).isVisible()).toBe(false);
  });

  test('the seller who opens the chat sees the assistant’s answer, labelled, with its source', async () => {
    expect(answeredChat).not.toBe('');
    const dash = await DashboardPage.open(browser);
    open.push(dash);
    await dash.signIn(sellerToken(SHOP));
    // the chat waited for this seller: it is queued still, or assigned to it now that it is online
    await findChat(dash, answeredChat);
    await dash.openChat(answeredChat);
    const answer = dash.page.locator('li.msg.assistant');
    await answer.filter({ hasText: /takes 3 to 5 days/ }).waitFor();
    expect(await answer.locator('.who').textContent()).toBe('Assistant');
    expect(await answer.locator('.sources').getByRole('link', { name: 'Shipping' }).getAttribute('href')).toBe(SHIPPING_URL);
    expect(await dash.message(1).getAttribute('class')).toBe('msg visitor');
    // the open chat is read, the answer included
    await dash.unread(answeredChat).waitFor({ state: 'detached' });
    await saveScreenshot(dash.page, 'dashboard-assistant');

    // "Suggest a reply" (the chat is this seller's now that it is online): the draft fills the reply box, and nothing is sent by itself
    await findChat(dash, answeredChat);
    const suggest = dash.page.getByRole('button', { name: 'Suggest a reply' });
    await suggest.click();
    const reply = dash.page.getByRole('textbox', { name: 'Reply' });
    // a string body: the tests' tsconfig has no DOM types
    await dash.page.waitForFunction(`/days/.test(document.getElementById('reply').value)`);
    expect(await reply.inputValue()).toMatch(/2 business days|3 to 5 days/);
    await suggest.filter({ hasText: 'Suggest a reply' }).waitFor();
    expect(await dash.page.locator('li.msg.seller').count()).toBe(0);
    // the seller edits it and sends it as any reply
    await reply.fill(`${await reply.inputValue()} Anything else?`);
    await reply.press('Enter');
    await dash.page.locator('li.msg.seller').filter({ hasText: 'Anything else?' }).waitFor();
  });
});
