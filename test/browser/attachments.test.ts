/**
 * Attachments in both pages, in headless Chromium against the real local stack: the visitor attaches
 * an image with the file picker and by pasting, the seller's dashboard shows it inline, the seller
 * sends a PDF back; a file of another type is refused on the spot, saying why.
 */
import { expectNoSeriousViolations } from '../support/axe';
import { browserPerFile, saveScreenshot } from '../support/browser';
import { uniqueId } from '../support/chat-client';
import { DashboardPage } from '../support/dashboard-page';
import { WidgetPage } from '../support/widget-page';

/** A real 1×1 PNG, so the pages can show it. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PNG = Buffer.from(PNG_BASE64, 'base64');

const chromium = browserPerFile();
const { open } = chromium;

/** Whether the image named `alt` under `scope` has loaded (a broken link has no natural width). */
const imageLoaded = (alt: string) =>
  `(() => { const find = (root) => root.querySelector('img[alt="${alt}"]') || [...root.querySelectorAll('*')].map((el) => el.shadowRoot && find(el.shadowRoot)).find(Boolean); const img = find(document); return !!img && img.complete && img.naturalWidth > 0; })()`;

/** Pastes a PNG named `name` into the widget's message box, as a screenshot pasted from the clipboard. */
const pasteImage = (name: string) => `(() => {
  const host = [...document.querySelectorAll('*')].find((el) => el.shadowRoot && el.shadowRoot.querySelector('textarea'));
  const box = host.shadowRoot.querySelector('textarea');
  const bytes = Uint8Array.from(atob('${PNG_BASE64}'), (c) => c.charCodeAt(0));
  const data = new DataTransfer();
  data.items.add(new File([bytes], '${name}', { type: 'image/png' }));
  box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true }));
})()`;

describe('attachments in the pages', () => {
  test("the visitor attaches an image with the picker and by paste; the seller's dashboard shows both inline and sends a PDF back", async () => {
    const sellerId = uniqueId('seller');
    const dash = await DashboardPage.open(chromium.browser);
    open.push(dash);
    await dash.signInLocal(sellerId);

    const widget = await WidgetPage.open(chromium.browser, sellerId);
    open.push(widget);
    await widget.openPanel();
    await widget.startChat('Ada');
    await widget.send('My parcel arrived damaged');
    const contactId = await widget.contactId(sellerId);
    await dash.chat(contactId).waitFor();
    await dash.openChat(contactId);
    await dash.page.getByText('My parcel arrived damaged').waitFor();

    // the file picker: the paperclip's input takes the file, the widget uploads it and sends it
    await widget.page.locator('input[type=file]').setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: PNG });
    await widget.messages.locator('img[alt="parcel.png"]').waitFor();
    await dash.page.locator('#message-list img[alt="parcel.png"]').waitFor();
    await dash.page.waitForFunction(imageLoaded('parcel.png'));

    // a pasted screenshot goes the same way
    await widget.page.evaluate(pasteImage('screenshot.png'));
    await dash.page.locator('#message-list img[alt="screenshot.png"]').waitFor();
    await dash.page.waitForFunction(imageLoaded('screenshot.png'));
    await widget.page.waitForFunction(imageLoaded('screenshot.png'));

    // a page is refused on the spot, saying why, and nothing is sent
    await widget.page.locator('input[type=file]').setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<p>hi</p>') });
    await widget.panel.getByText('page.html cannot be sent: only images (JPEG, PNG, WebP, GIF) and PDFs').waitFor();

    // the seller sends a size chart; the visitor gets a link naming it
    await dash.page.locator('#reply-form input[type=file]').setInputFiles({ name: 'size-chart.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 sizes') });
    const link = widget.messages.getByRole('link', { name: /size-chart\.pdf/ });
    await link.waitFor();
    const href = (await link.getAttribute('href')) as string;
    expect(Buffer.from(await (await fetch(href)).arrayBuffer()).toString()).toBe('%PDF-1.4 sizes');
    await saveScreenshot(widget.page, 'attachments-widget');
    await saveScreenshot(dash.page, 'attachments-dashboard');
    await expectNoSeriousViolations(widget.page, 'widget: conversation with attachments and a refusal');
    await expectNoSeriousViolations(dash.page, 'dashboard: conversation with attachments');
  });
});
