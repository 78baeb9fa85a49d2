/** The three tabs (Queued, Assigned, Ended) and the chats of the selected one. */
import { formatTime, type ContactStatus } from '../shared/chat-types';
import { byId, fill, h, reconcile } from '../shared/dom';
import { STATUSES, type ContactEntry, type Store } from './store';

export class ChatListView {
  private readonly tabs = new Map<ContactStatus, HTMLButtonElement>();
  private readonly list = byId<HTMLUListElement>('chat-list');
  private readonly panel = byId('chat-list-panel');
  private readonly empty = byId('chat-list-empty');

  constructor(
    private readonly store: Store,
    private readonly onOpen: (contactId: string) => void,
    signal: AbortSignal,
  ) {
    for (const status of STATUSES) {
      const tab = byId<HTMLButtonElement>(`tab-${status}`);
      this.tabs.set(status, tab);
      tab.addEventListener('click', () => this.select(status), { signal });
      tab.addEventListener('keydown', (event) => this.onTabKey(event, status), { signal });
    }
  }

  private select(status: ContactStatus, focus = false): void {
    this.store.tab = status;
    this.store.changed();
    if (focus) this.tabs.get(status)?.focus();
  }

  /** The ARIA tabs pattern: arrows, Home and End move between the tabs. */
  private onTabKey(event: KeyboardEvent, status: ContactStatus): void {
    const index = STATUSES.indexOf(status);
    const to: Record<string, number> = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: STATUSES.length - 1 };
    const target = to[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.select(STATUSES[(target + STATUSES.length) % STATUSES.length] as ContactStatus, true);
  }

  render(): void {
    const { store } = this;
    for (const [status, tab] of this.tabs) {
      const selected = status === store.tab;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const count = tab.querySelector('.count');
      const text = String(store.list(status).length);
      if (count && count.textContent !== text) count.textContent = text;
    }
    this.panel.setAttribute('aria-labelledby', `tab-${store.tab}`);
    const entries = store.list(store.tab);
    const byKey = new Map(entries.map((entry) => [entry.id, entry]));
    reconcile(
      this.list,
      entries.map((entry) => entry.id),
      (id) => h('li', { 'data-contact-id': id }, h('button', { type: 'button' })),
      (element, id) => this.update(element, byKey.get(id) as ContactEntry),
    );
    this.empty.hidden = entries.length > 0;
    this.empty.textContent = `No ${store.tab} chats.`;
  }

  private update(item: HTMLElement, entry: ContactEntry): void {
    const open = this.store.conversation?.contactId === entry.id;
    if (open) item.setAttribute('aria-current', 'true');
    else item.removeAttribute('aria-current');
    const unread = entry.status === 'ended' ? 0 : this.store.unread(entry);
    const when = entry.lastActivityAt ? formatTime(entry.lastActivityAt) : '';
    const detail =
      entry.status === 'queued'
        ? `waiting in ${entry.queueKey ?? entry.target}`
        : entry.status === 'ended'
          ? `ended${entry.endedBy ? ` by ${entry.endedBy}` : ''}`
          : entry.visitorName !== entry.visitorId
            ? entry.visitorId
            : `via ${entry.target || 'chat'}`;
    // rebuilt only when something shown changed, so a focused button keeps its focus and nothing flickers
    const signature = [entry.visitorName, when, detail, unread].join('|');
    const button = item.firstElementChild as HTMLButtonElement;
    if (button.dataset.signature === signature) return;
    button.dataset.signature = signature;
    button.onclick = () => this.onOpen(entry.id);
    fill(button,
      h('span', { class: 'name' }, entry.visitorName),
      h('time', { class: 'when', datetime: entry.lastActivityAt || null }, when),
      h('span', { class: 'detail' }, detail),
      unread > 0 ? h('span', { class: 'unread', 'aria-label': `${unread} unread` }, String(unread)) : null,
    );
  }
}
