/**
 * The open chat's visitor, in the chat's header: the page it is on now (a live `visitorContext`
 * frame moves it), its local time and language, where it came from, and its earlier chats with the
 * same target. Only what the widget reported (see "What the widget collects" in the README).
 */
import { byId, fill, h } from '../shared/dom';
import { safeLink } from '../shared/format';
import type { VisitorContextView } from '../shared/protocol';
import { openChatSummary, type DashboardState } from './state';

/** "14:05 (Europe/Oslo)" now in the visitor's zone; '' for a zone this browser does not know. */
export function localTime(timeZone: string, now = new Date()): string {
  try {
    return `${now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', timeZone })} (${timeZone})`;
  } catch {
    return '';
  }
}

const day = (iso: string) => new Date(iso).toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' });

export class VisitorContextPanel {
  private readonly root = byId('open-chat-context');
  private last: DashboardState | undefined;

  constructor(signal: AbortSignal) {
    // the visitor's clock moves on between frames
    const clock = setInterval(() => this.last && this.render(this.last), 30_000);
    signal.addEventListener('abort', () => clearInterval(clock));
  }

  render(state: DashboardState): void {
    this.last = state;
    const chat = state.openChat ? openChatSummary(state) : undefined;
    const context = chat?.status === 'ended' ? undefined : chat?.context;
    const earlier = chat?.earlierChats ?? [];
    this.root.hidden = !context && earlier.length === 0;
    const signature = JSON.stringify([context, earlier, context?.timeZone ? localTime(context.timeZone) : '']);
    if (this.root.dataset.signature === signature) return;
    this.root.dataset.signature = signature;
    fill(
      this.root,
      context ? this.page(context) : null,
      context ? this.about(context) : null,
      earlier.length
        ? h(
            'details',
            { class: 'earlier' },
            h('summary', {}, `Earlier chats with this shop: ${earlier.length}`),
            h('ul', {}, ...earlier.map((other) => h('li', {}, `${day(other.createdAt)} · ${other.status}`))),
          )
        : null,
    );
  }

  private page(context: VisitorContextView): HTMLElement {
    const href = safeLink(context.url);
    const name = context.title || context.url || 'a page without an address';
    return h(
      'p',
      { class: 'page' },
      'On page: ',
      href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, name) : name,
      context.title && context.url ? h('span', { class: 'url' }, ` ${context.url}`) : null,
    );
  }

  private about(context: VisitorContextView): HTMLElement | null {
    const time = context.timeZone ? localTime(context.timeZone) : '';
    const parts = [
      time ? `Local time ${time}` : context.timeZone ? `Time zone ${context.timeZone}` : '',
      context.language ? `Language ${context.language}` : '',
      context.referrer ? `Came from ${context.referrer}` : '',
    ].filter(Boolean);
    return parts.length ? h('p', { class: 'about' }, parts.join(' · ')) : null;
  }
}
