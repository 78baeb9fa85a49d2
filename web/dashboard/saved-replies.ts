/**
 * Saved replies in the dashboard: typing `/` and a shortcut in the reply box offers the seller's
 * own and its teams' replies; the arrows pick one, Enter (or a click) puts its text in the box for
 * editing, Escape closes the offer. A small panel lists them, adds and deletes.
 */
import { byId, h } from '../shared/dom';
import type { SavedReplyView } from '../shared/protocol';
import { describeError, type DashboardApi } from './api';

const SHORTCUT_TYPED = /^\/([a-z0-9_-]*)$/;

export class SavedReplies {
  private replies: SavedReplyView[] = [];
  private offered: SavedReplyView[] = [];
  private active = 0;
  private readonly reply = byId<HTMLTextAreaElement>('reply');
  private readonly options = byId<HTMLUListElement>('saved-reply-options');
  private readonly list = byId<HTMLUListElement>('saved-reply-list');
  private readonly form = byId<HTMLFormElement>('saved-reply-form');
  private readonly status = byId('saved-reply-status');

  constructor(
    private readonly api: DashboardApi,
    private readonly teams: string[],
    signal: AbortSignal,
  ) {
    const scope = byId<HTMLSelectElement>('saved-reply-scope');
    for (const team of teams) scope.append(h('option', { value: team }, `team ${team}`));
    // capture on the form: the offer takes Enter and the arrows before the reply box sends
    byId('reply-form').addEventListener('keydown', (event) => this.onKey(event), { signal, capture: true });
    this.reply.addEventListener('input', () => this.offer(), { signal });
    this.reply.addEventListener('blur', () => setTimeout(() => this.close(), 150), { signal });
    this.options.addEventListener(
      'mousedown',
      (event) => {
        const item = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
        if (!item) return;
        event.preventDefault();
        this.insert(Number(item.dataset.index));
      },
      { signal },
    );
    this.form.addEventListener(
      'submit',
      (event) => {
        event.preventDefault();
        void this.save(scope.value);
      },
      { signal },
    );
    this.list.addEventListener(
      'click',
      (event) => {
        const button = (event.target as HTMLElement).closest<HTMLElement>('[data-delete]');
        const reply = button && this.replies[Number(button.dataset.delete)];
        if (reply) void this.remove(reply);
      },
      { signal },
    );
  }

  async load(): Promise<void> {
    try {
      this.replies = (await this.api.savedReplies()).replies;
      this.renderList();
    } catch (error) {
      this.status.textContent = `Could not load saved replies: ${describeError(error)}`;
    }
  }

  private offer(): void {
    const typed = SHORTCUT_TYPED.exec(this.reply.value);
    this.offered = typed ? this.replies.filter((reply) => reply.shortcut.startsWith(typed[1] ?? '')).slice(0, 8) : [];
    this.active = 0;
    this.renderOffer();
  }

  private renderOffer(): void {
    const open = this.offered.length > 0;
    this.options.hidden = !open;
    this.options.replaceChildren(
      ...this.offered.map((reply, index) =>
        h(
          'li',
          { id: `saved-reply-option-${index}`, role: 'option', 'data-index': index, 'aria-selected': String(index === this.active) },
          h('strong', {}, `/${reply.shortcut}`),
          ` ${reply.text.length > 80 ? `${reply.text.slice(0, 80)}…` : reply.text}`,
        ),
      ),
    );
    if (open) this.reply.setAttribute('aria-activedescendant', `saved-reply-option-${this.active}`);
    else this.reply.removeAttribute('aria-activedescendant');
  }

  private onKey(event: KeyboardEvent): void {
    if (this.options.hidden || event.target !== this.reply) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => (this.active = (this.active + 1) % this.offered.length),
      ArrowUp: () => (this.active = (this.active - 1 + this.offered.length) % this.offered.length),
      Enter: () => this.insert(this.active),
      Tab: () => this.insert(this.active),
      Escape: () => this.close(),
    };
    const act = keys[event.key];
    if (!act || event.shiftKey) return;
    event.preventDefault();
    event.stopPropagation();
    act();
    if (!this.options.hidden) this.renderOffer();
  }

  private insert(index: number): void {
    const reply = this.offered[index];
    if (!reply) return;
    this.reply.value = reply.text;
    this.reply.focus();
    this.reply.setSelectionRange(reply.text.length, reply.text.length);
    this.close();
  }

  private close(): void {
    this.offered = [];
    this.renderOffer();
  }

  private async save(teamId: string): Promise<void> {
    const shortcut = byId<HTMLInputElement>('saved-reply-shortcut');
    const text = byId<HTMLTextAreaElement>('saved-reply-text');
    try {
      const saved = await this.api.putSavedReply(shortcut.value.trim(), { shortcut: shortcut.value.trim(), text: text.value.trim(), ...(teamId ? { teamId } : {}) });
      this.replies = [...this.replies.filter((reply) => !(reply.id === saved.id && reply.scope === saved.scope && reply.owner === saved.owner)), saved];
      shortcut.value = text.value = '';
      this.status.textContent = `Saved /${saved.shortcut}.`;
      this.renderList();
    } catch (error) {
      this.status.textContent = `Not saved: ${describeError(error)}`;
    }
  }

  private async remove(reply: SavedReplyView): Promise<void> {
    try {
      await this.api.deleteSavedReply(reply);
      this.replies = this.replies.filter((other) => other !== reply);
      this.status.textContent = `Deleted /${reply.shortcut}.`;
      this.renderList();
    } catch (error) {
      this.status.textContent = `Not deleted: ${describeError(error)}`;
    }
  }

  private renderList(): void {
    this.list.replaceChildren(
      ...this.replies.map((reply, index) =>
        h(
          'li',
          {},
          h('strong', {}, `/${reply.shortcut}`),
          ` ${reply.scope === 'team' ? `(team ${reply.owner}) ` : ''}${reply.text}`,
          h('button', { type: 'button', 'data-delete': index, 'aria-label': `Delete /${reply.shortcut}` }, 'Delete'),
        ),
      ),
    );
  }
}
