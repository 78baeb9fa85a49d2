/** The three tabs (Queued, Assigned, Ended) and the chats of the selected one. */
import { byId, fill, h, reconcile } from '../shared/dom';
import { formatTime } from '../shared/format';
import type { ContactStatus } from '../shared/protocol';
import { list, STATUSES, unread, type ChatSummary, type DashboardState } from './state';

export class ChatListView {
  private readonly tabs = new Map<ContactStatus, HTMLButtonElement>();
  private readonly list = byId<HTMLUListElement>('chat-list');
  private readonly panel = byId('chat-list-panel');
  private readonly empty = byId('chat-list-empty');

  constructor(
    private readonly onOpen: (contactId: string) => void,
    private readonly onSelect: (status: ContactStatus) => void,
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
    this.onSelect(status);
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

  render(state: DashboardState): void {
    for (const [status, tab] of this.tabs) {
      const selected = status === state.tab;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const count = tab.querySelector('.count');
      const text = String(list(state, status).length);
      if (count && count.textContent !== text) count.textContent = text;
    }
    this.panel.setAttribute('aria-labelledby', `tab-${state.tab}`);
    const chats = list(state, state.tab);
    const byKey = new Map(chats.map((chat) => [chat.id, chat]));
    reconcile(
      this.list,
      chats.map((chat) => chat.id),
      (id) => h('li', { 'data-contact-id': id }, h('button', { type: 'button' })),
      (element, id) => this.update(element, byKey.get(id) as ChatSummary, state),
    );
    this.empty.hidden = chats.length > 0;
    this.empty.textContent = `No ${state.tab} chats.`;
  }

  private update(item: HTMLElement, chat: ChatSummary, state: DashboardState): void {
    const open = state.openChat?.contactId === chat.id;
    if (open) item.setAttribute('aria-current', 'true');
    else item.removeAttribute('aria-current');
    const unreadCount = chat.status === 'ended' ? 0 : unread(chat);
    const when = chat.lastActivityAt ? formatTime(chat.lastActivityAt) : '';
    const detail =
      chat.status === 'queued'
        ? `waiting in ${chat.queueKey ?? chat.target}`
        : chat.status === 'ended'
          ? `ended${chat.endedBy ? ` by ${chat.endedBy}` : ''}`
          : chat.visitorName !== chat.visitorId
            ? chat.visitorId
            : `via ${chat.target || 'chat'}`;
    // rebuilt only when something shown changed, so a focused button keeps its focus and nothing flickers
    const signature = [chat.visitorName, when, detail, unreadCount].join('|');
    const button = item.firstElementChild as HTMLButtonElement;
    if (button.dataset.signature === signature) return;
    button.dataset.signature = signature;
    button.onclick = () => this.onOpen(chat.id);
    fill(
      button,
      h('span', { class: 'name' }, chat.visitorName),
      h('time', { class: 'when', datetime: chat.lastActivityAt || null }, when),
      h('span', { class: 'detail' }, detail),
      unreadCount > 0 ? h('span', { class: 'unread', 'aria-label': `${unreadCount} unread` }, String(unreadCount)) : null,
    );
  }
}
