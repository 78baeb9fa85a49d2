/** The seller dashboard (/dashboard/), driven the way a seller does: by role, label and the page's data attributes. */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { openInFreshContext, type FreshPageOptions } from './browser';
import { connectionIdsOf } from './chat-client';

export type ChatTab = 'Queued' | 'Assigned' | 'Ended';

/**
 * Replaces Web Audio with a counter (`window.__beeps`), so a test can tell the dashboard beeped
 * without a sound device. A string script: the tests' tsconfig has no DOM types.
 */
export const COUNT_BEEPS = `
  window.__beeps = 0;
  const node = () => ({ connect() { return this; }, gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} } });
  window.AudioContext = class {
    constructor() { this.state = 'running'; this.currentTime = 0; this.destination = {}; }
    resume() { return Promise.resolve(); }
    createGain() { return node(); }
    createOscillator() {
      return { type: 'sine', frequency: { setValueAtTime() {} }, connect() { return this; }, start() { window.__beeps++; }, stop() {} };
    }
  };
`;

export class DashboardPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** The dashboard in a fresh browser profile; `prepare` runs before the page loads (init scripts, routes). */
  static async open(browser: Browser, options: FreshPageOptions = {}): Promise<DashboardPage> {
    const { context, page } = await openInFreshContext(browser, '/dashboard/', options);
    return new DashboardPage(context, page);
  }

  /** Pastes a token into the sign-in form; resolves once the dashboard's socket is up. */
  async signIn(token: string): Promise<void> {
    await this.page.getByLabel('Seller token', { exact: true }).fill(token);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.waitConnected();
  }

  /** Local mode: has the web server sign a token for `sellerId`. */
  async signInLocal(sellerId: string): Promise<void> {
    await this.page.getByLabel('Seller id', { exact: true }).fill(sellerId);
    await this.page.getByRole('button', { name: 'Get a local token' }).click();
    await this.waitConnected();
  }

  /** The socket indicator says connected: the server's `connected` frame arrived, so $connect registered the seller. */
  async waitConnected(): Promise<void> {
    await this.page.locator('#socket-status[data-state="connected"]').waitFor();
  }

  get signInError(): Locator {
    return this.page.locator('#signin-error');
  }

  /** The page's alert (refusals and error frames); the sign-in form has its own, in `signInError`. */
  get alert(): Locator {
    return this.page.locator('#notice');
  }

  tab(name: ChatTab): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  async showTab(name: ChatTab): Promise<void> {
    await this.tab(name).click();
    await this.page.locator(`[role="tab"][aria-selected="true"]`, { hasText: name }).waitFor();
  }

  /** The chat in the list of the selected tab. */
  chat(contactId: string): Locator {
    return this.page.getByRole('tabpanel').locator(`[data-contact-id="${contactId}"]`);
  }

  unread(contactId: string): Locator {
    return this.chat(contactId).locator('.unread');
  }

  async openChat(contactId: string): Promise<void> {
    await this.chat(contactId).getByRole('button').click();
    await this.page.locator('#open-chat:not([hidden])').waitFor();
  }

  get messages(): Locator {
    return this.page.getByRole('log', { name: 'Messages' }).locator('li.msg');
  }

  /** The message with this seq in the open chat. */
  message(seq: number): Locator {
    return this.page.locator(`li.msg[data-seq="${seq}"]`);
  }

  /** Types into the reply box and presses Enter. */
  async reply(text: string): Promise<void> {
    await this.page.getByLabel('Reply', { exact: true }).fill(text);
    await this.page.getByLabel('Reply', { exact: true }).press('Enter');
  }

  /** Clicks Online or Away and waits until the server's `presence` frame confirmed it. */
  async setPresence(status: 'Online' | 'Away'): Promise<void> {
    await this.page.getByRole('button', { name: status, exact: true }).click();
    await this.page.locator(`.presence button[aria-pressed="true"]`, { hasText: status }).waitFor();
  }

  /** The document title, e.g. "(2) Seller dashboard". */
  async waitForTitle(title: string): Promise<void> {
    await this.page.waitForFunction(`document.title === ${JSON.stringify(title)}`);
  }

  /** How often the dashboard beeped (needs COUNT_BEEPS as an init script). */
  beeps(): Promise<number> {
    return this.page.evaluate('window.__beeps') as Promise<number>;
  }

  /** The seller's registered socket connections. */
  connectionIds(sellerId: string): Promise<string[]> {
    return connectionIdsOf('seller', sellerId);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}
