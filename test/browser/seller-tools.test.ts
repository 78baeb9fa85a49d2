/**
 * The seller tools in headless Chromium against the real local stack: a saved reply inserted with
 * `/`, a private note that a second seller reads after a transfer and the widget never shows, and
 * the widget's rating form once the chat ends.
 */
import { expectNoSeriousViolations } from '../support/axe';
import { browserPerFile, saveScreenshot } from '../support/browser';
import { api, connectVisitor, sellerToken, uniqueId, type ChatSocket } from '../support/chat-client';
import { initChat, say } from '../support/chat-stories';
import { DashboardPage } from '../support/dashboard-page';
import { WidgetPage } from '../support/widget-page';
import type { ContactView } from '../../lib/protocol/views';

const chromium = browserPerFile();
const { open } = chromium;

async function track<T extends { close(): Promise<unknown> }>(thing: Promise<T>): Promise<T> {
  const opened = await thing;
  open.push(opened);
  return opened;
}

describe('the seller tools', () => {
  test('typing / and a shortcut offers the saved replies; Enter puts the text in the box for editing, Enter again sends it', async () => {
    const teamId = uniqueId('team');
    const sellerId = uniqueId('seller');
    const token = sellerToken(sellerId, { teams: [teamId] });
    expect((await api('/v1/saved-replies/ship', { method: 'PUT', token, body: { shortcut: 'shipping', text: 'We ship within 2 working days.' } })).status).toBe(201);
    expect((await api('/v1/saved-replies/returns', { method: 'PUT', token, body: { shortcut: 'returns', text: 'Returns are free for 30 days.', teamId } })).status).toBe(201);

    const dash = await track(DashboardPage.open(chromium.browser));
    await dash.signIn(token);
    const ada: ChatSocket = await track(connectVisitor(uniqueId('device')));
    const contactId = String((await initChat(ada, sellerId, { name: 'Ada' })).contact_id);
    await say(ada, contactId, 'How long does shipping take?');
    await dash.openChat(contactId);
    await dash.message(1).waitFor();

    const box = dash.page.getByLabel('Reply', { exact: true });
    await box.pressSequentially('/sh');
    const offered = dash.page.getByRole('listbox', { name: 'Saved replies' }).getByRole('option');
    await offered.filter({ hasText: '/shipping' }).waitFor();
    expect(await offered.count()).toBe(1);
    await saveScreenshot(dash.page, 'dashboard-saved-reply');
    await expectNoSeriousViolations(dash.page, 'dashboard: saved replies offered');
    await box.press('Enter');
    expect(await box.inputValue()).toBe('We ship within 2 working days.');
    // nothing was sent by that Enter: the text is there to edit
    await box.pressSequentially(' Tracking follows.');
    await box.press('Enter');
    const sent = await ada.next((f) => f.action === 'sendMessage' && f.role === 'seller');
    expect(sent).toMatchObject({ seq: 2, message: 'We ship within 2 working days. Tracking follows.' });

    // the team's reply is offered too
    await box.pressSequentially('/re');
    await dash.page.getByRole('option', { name: /\/returns/ }).waitFor();
    await box.press('Escape');
    expect(await dash.page.getByRole('listbox', { name: 'Saved replies' }).isHidden()).toBe(true);
  });

  test("a seller's private note shows in the conversation, reaches the seller a chat is transferred to, and never the widget", async () => {
    const [sellerId, otherId] = [uniqueId('seller'), uniqueId('seller')];
    const dash = await track(DashboardPage.open(chromium.browser));
    await dash.signIn(sellerToken(sellerId));
    const second = await track(DashboardPage.open(chromium.browser));
    await second.signIn(sellerToken(otherId));

    const widget = await track(WidgetPage.open(chromium.browser, sellerId));
    await widget.openPanel();
    await widget.startChat('Ada');
    await widget.send('My parcel arrived damaged');
    const contactId = await widget.contactId(sellerId);
    await dash.openChat(contactId);
    await dash.message(1).waitFor();

    const secret = `Refund approved, order ${uniqueId('o')}`;
    await dash.page.getByLabel('Reply', { exact: true }).fill(secret);
    await dash.page.getByRole('button', { name: 'Add as private note' }).click();
    const note = dash.page.locator('li.private-note', { hasText: secret });
    await note.waitFor();
    expect(await note.textContent()).toContain('only sellers see this');
    expect(await dash.page.getByLabel('Reply', { exact: true }).inputValue()).toBe('');

    await dash.page.getByRole('button', { name: 'Transfer', exact: true }).click();
    await dash.page.getByLabel('Target id').fill(otherId);
    await dash.page.getByRole('button', { name: 'Confirm' }).click();
    await second.chat(contactId).waitFor();
    await second.openChat(contactId);
    await second.page.locator('li.private-note', { hasText: secret }).waitFor();
    await saveScreenshot(second.page, 'dashboard-private-note');
    await expectNoSeriousViolations(second.page, 'dashboard: conversation with a private note');

    // the new seller's reply reaches the widget; the note, written before it, never did
    await second.reply('Hello, I take over from here');
    await widget.message('Hello, I take over from here').waitFor();
    expect(await widget.page.getByText(secret).count()).toBe(0);
    expect(await widget.page.getByText('Refund approved').count()).toBe(0);
  });

  test('when the chat ends the widget asks for a rating once; the seller reads it', async () => {
    const sellerId = uniqueId('seller');
    const token = sellerToken(sellerId);
    const dash = await track(DashboardPage.open(chromium.browser));
    await dash.signIn(token);
    const widget = await track(WidgetPage.open(chromium.browser, sellerId));
    await widget.openPanel();
    await widget.startChat('Bo');
    await widget.send('Thanks, that is all');
    const contactId = await widget.contactId(sellerId);
    // no rating while the chat is open
    expect(await widget.page.getByRole('form', { name: 'Rate this chat' }).isVisible()).toBe(false);

    await dash.openChat(contactId);
    await dash.page.getByRole('button', { name: 'End chat' }).click();
    const form = widget.page.getByRole('form', { name: 'Rate this chat' });
    await form.waitFor();
    await form.getByLabel('4').check();
    await form.getByLabel('Comment (optional)').fill('Quick and kind');
    await saveScreenshot(widget.page, 'widget-rating');
    await expectNoSeriousViolations(widget.page, 'widget: rating form');
    await form.getByRole('button', { name: 'Send rating' }).click();
    await widget.page.getByText('Thank you for your rating.').waitFor();

    const contact = await api<ContactView>(`/v1/contacts/${contactId}`, { token });
    expect(contact.body.rating).toMatchObject({ score: 4, comment: 'Quick and kind' });
    // once per chat: a reload does not ask again
    await widget.page.reload();
    await widget.openPanel();
    await widget.page.getByText('This chat has ended.').first().waitFor();
    expect(await widget.page.getByRole('form', { name: 'Rate this chat' }).isVisible()).toBe(false);

    // the dashboard shows it with the chat
    await dash.page.reload();
    await dash.waitConnected();
    await dash.showTab('Ended');
    await dash.openChat(contactId);
    await dash.page.getByText("Visitor's rating: 4 of 5 · “Quick and kind”").waitFor();
  });
});
