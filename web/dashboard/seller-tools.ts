/**
 * The seller tools around the open chat: private notes (written from the reply box, shown in the
 * conversation by chat-view.ts), the chat's labels, the visitor's rating once given, and the chat
 * list filtered by a label (GET /v1/contacts?label=, which reads by key).
 */
import { byId } from '../shared/dom';
import type { ContactView } from '../shared/protocol';
import { describeError, type DashboardApi } from './api';
import { openChatSummary, type DashboardState } from './state';

export class SellerTools {
  private readonly labelsForm = byId<HTMLFormElement>('labels-form');
  private readonly labelsInput = byId<HTMLInputElement>('labels-input');
  private readonly rating = byId('chat-rating');
  private readonly toolsStatus = byId('tools-status');
  private readonly filterInput = byId<HTMLInputElement>('label-filter-input');
  private readonly filterStatus = byId('label-filter-status');
  private readonly reply = byId<HTMLTextAreaElement>('reply');
  private contactId: string | undefined;
  /** the contact ids the label filter shows; undefined when no filter is on */
  private filtered: Set<string> | undefined;

  constructor(
    private readonly api: DashboardApi,
    signal: AbortSignal,
  ) {
    byId('add-note').addEventListener('click', () => void this.addNote(), { signal });
    this.labelsForm.addEventListener(
      'submit',
      (event) => {
        event.preventDefault();
        void this.saveLabels();
      },
      { signal },
    );
    byId('label-filter').addEventListener(
      'submit',
      (event) => {
        event.preventDefault();
        void this.filter(this.filterInput.value.trim());
      },
      { signal },
    );
    byId('label-filter-clear').addEventListener(
      'click',
      () => {
        this.filterInput.value = '';
        void this.filter('');
      },
      { signal },
    );
  }

  /** What GET /v1/contacts/{id} said of the open chat: its labels and rating. */
  contactLoaded(contact: ContactView): void {
    if (contact.contact_id !== this.contactId) return;
    this.labelsInput.value = (contact.labels ?? contact.tags ?? []).join(', ');
    const rating = contact.rating;
    this.rating.hidden = !rating;
    this.rating.textContent = rating ? `Visitor's rating: ${rating.score} of 5${rating.comment ? ` · “${rating.comment}”` : ''}` : '';
  }

  render(state: DashboardState): void {
    const chat = openChatSummary(state);
    if (chat?.id !== this.contactId) {
      this.contactId = chat?.id;
      this.labelsInput.value = '';
      this.rating.hidden = true;
      this.toolsStatus.textContent = '';
    }
    if (this.filtered) {
      for (const item of byId('chat-list').querySelectorAll<HTMLElement>('li[data-contact-id]')) item.hidden = !this.filtered.has(item.dataset.contactId ?? '');
    }
  }

  private async addNote(): Promise<void> {
    const text = this.reply.value.trim();
    const contactId = this.contactId;
    if (!text || !contactId) {
      this.toolsStatus.textContent = 'Write the note in the reply box first.';
      return;
    }
    try {
      await this.api.addNote(contactId, text);
      this.reply.value = '';
      // the note itself arrives as a privateNote frame, like a colleague's
      this.toolsStatus.textContent = 'Private note added: only sellers see it.';
    } catch (error) {
      this.toolsStatus.textContent = `Note not added: ${describeError(error)}`;
    }
  }

  private async saveLabels(): Promise<void> {
    const contactId = this.contactId;
    if (!contactId) return;
    const labels = this.labelsInput.value
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean);
    try {
      const contact = await this.api.setLabels(contactId, labels);
      this.labelsInput.value = (contact.labels ?? []).join(', ');
      this.toolsStatus.textContent = labels.length ? 'Labels saved.' : 'Labels removed.';
    } catch (error) {
      this.toolsStatus.textContent = `Labels not saved: ${describeError(error)}`;
    }
  }

  private async filter(label: string): Promise<void> {
    if (!label) {
      this.filtered = undefined;
      this.filterStatus.textContent = '';
      for (const item of byId('chat-list').querySelectorAll<HTMLElement>('li[data-contact-id]')) item.hidden = false;
      return;
    }
    try {
      const found = await this.api.labelled(label);
      this.filtered = new Set(found.contacts.map((contact) => contact.contact_id));
      this.filterStatus.textContent = `${found.contacts.length} chat${found.contacts.length === 1 ? '' : 's'} labelled “${label}”.`;
      for (const item of byId('chat-list').querySelectorAll<HTMLElement>('li[data-contact-id]')) item.hidden = !this.filtered.has(item.dataset.contactId ?? '');
    } catch (error) {
      this.filterStatus.textContent = `Could not filter: ${describeError(error)}`;
    }
  }
}
