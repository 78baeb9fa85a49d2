/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core
 * (never a downloaded browser). Screenshots go to test-artifacts/screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../scripts/local-dynamodb';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-artifacts', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      // the network here is closed: background requests would only fail
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      // a container's small /dev/shm can crash the renderer; this uses /tmp instead
      '--disable-dev-shm-usage',
    ],
  });
}

/** Something a test opens and must close: a page, a socket. */
export interface Closable {
  close(): Promise<unknown>;
}

/**
 * A test file's Chromium, launched before its tests and closed after them, and what each test
 * opened (`open.push(page)`), closed after that test whether it passed or not.
 */
export function browserPerFile(): { readonly browser: Browser; open: Closable[] } {
  let browser: Browser | undefined;
  const open: Closable[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((thing) => thing.close().catch(() => undefined)));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser is launched in beforeAll');
      return browser;
    },
    open,
  };
}

/** The demo shop and dashboard server of this test run. */
export function webUrl(pathname = '/'): string {
  const base = process.env.CHAT_WEB_URL;
  if (!base) throw new Error('CHAT_WEB_URL is not set: browser tests need the global setup');
  return base + pathname;
}

export interface FreshPageOptions {
  viewport?: { width: number; height: number };
  /** the browser's time zone and language, as a visitor's browser reports them (Chromium's own when left out) */
  timezoneId?: string;
  locale?: string;
  /** runs before the page loads: init scripts, routes, a blocked WebSocket */
  prepare?: (context: BrowserContext) => Promise<void>;
}

/** A page of the web server at `pathname`, in a new browser profile of its own (own localStorage); page errors show in the log. */
export async function openInFreshContext(browser: Browser, pathname: string, options: FreshPageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1100, height: 760 }, timezoneId: options.timezoneId, locale: options.locale });
  await options.prepare?.(context);
  const page = await context.newPage();
  const url = webUrl(pathname);
  page.on('pageerror', (error) => console.error(`page error on ${url}: ${error.message}`));
  await page.goto(url);
  return { context, page };
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
