/** The demo shop page with the widget, driven the way a visitor does: by role and label, inside the widget's shadow root. */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { openInFreshContext, type FreshPageOptions } from './browser';
import { connectionIdsOf } from './chat-client';

export class WidgetPage {
  /** The URLs of the page's WebSocket upgrades since it was opened here. */
  readonly socketUrls: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('websocket', (socket) => this.socketUrls.push(socket.url()));
  }

  /** The demo shop with its widget pointed at `sellerId`; `prepare` runs before the page loads (routes, blocking). */
  static async open(browser: Browser, sellerId: string, options: FreshPageOptions & { customer?: string } = {}): Promise<WidgetPage> {
    const customer = options.customer ? `&customer=${encodeURIComponent(options.customer)}` : '';
    const { context, page } = await openInFreshContext(browser, `/?seller=${encodeURIComponent(sellerId)}${customer}`, options);
    return new WidgetPage(context, page);
  }

  /** The same shop page in a second tab of the same browser (same localStorage, so the same visitor session). */
  async openTab(): Promise<WidgetPage> {
    const page = await this.context.newPage();
    const tab = new WidgetPage(this.context, page);
    await page.goto(this.page.url());
    return tab;
  }

  get panel(): Locator {
    return this.page.getByRole('dialog');
  }

  get messages(): Locator {
    return this.page.getByRole('log', { name: 'Messages' }).locator('li.msg');
  }

  /** The message bubble with this text (own or the seller's). */
  message(text: string): Locator {
    return this.messages.filter({ hasText: text });
  }

  get banner(): Locator {
    return this.panel.locator('.banner');
  }

  async openPanel(): Promise<void> {
    await this.page.getByRole('button', { name: /^Open chat/ }).click();
    await this.panel.waitFor();
  }

  async startChat(name: string, email = ''): Promise<void> {
    await this.page.getByLabel('Your name').fill(name);
    if (email) await this.page.getByLabel('Email (optional)').fill(email);
    await this.page.getByRole('button', { name: 'Start chat' }).click();
  }

  async send(text: string): Promise<void> {
    await this.page.getByLabel('Message', { exact: true }).fill(text);
    await this.page.getByLabel('Message', { exact: true }).press('Enter');
  }

  /** Waits until the own message `text` reaches delivery state `state` (sending, sent, delivered, read). */
  async waitForState(text: string, state: string): Promise<void> {
    await this.message(text)
      .and(this.page.locator(`[data-state="${state}"]`))
      .waitFor();
  }

  /** The visitor id of the session the widget keeps in localStorage (issued by the server): the visitor's socket identity. */
  visitorId(): Promise<string> {
    // a string body: the test's tsconfig has no DOM types
    return this.page.evaluate("JSON.parse(localStorage.getItem('seller-chat:session')).visitorId") as Promise<string>;
  }

  /** The id of the chat the widget keeps in localStorage for `sellerId`, once the server named it. */
  async contactId(sellerId: string): Promise<string> {
    const key = JSON.stringify(`seller-chat:chat:${sellerId}`);
    await this.page.waitForFunction(`(JSON.parse(localStorage.getItem(${key}) || '{}').contactId || '') !== ''`);
    return this.page.evaluate(`JSON.parse(localStorage.getItem(${key})).contactId`) as Promise<string>;
  }

  /** The widget's registered socket connections. */
  async connectionIds(): Promise<string[]> {
    return connectionIdsOf('visitor', await this.visitorId());
  }

  /** Waits until the widget's socket is registered again under a new connection id. */
  async waitForNewConnection(previous: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const fresh = (await this.connectionIds()).find((id) => id !== previous);
      if (fresh) return fresh;
      if (Date.now() > deadline) throw new Error(`no new connection within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  close(): Promise<void> {
    return this.context.close();
  }
}
