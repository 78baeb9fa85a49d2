/**
 * What the widget tells the seller about the page the visitor is on: this page's URL (without its
 * #fragment) and title, the referrer the browser gives this page, the browser's language and time
 * zone. Nothing else, and nothing of pages the visitor did not load: it goes with InitChat, then
 * once per page (a load, or the shop's own navigation inside the page) while a chat is open, at
 * most one frame per MIN_GAP_MS (the server limits it too, RATE_LIMIT_VISITOR_CONTEXT).
 */
import type { ClientFrame } from '../shared/protocol';
import type { WidgetState } from './chat-state';

type InitChat = Extract<ClientFrame, { action: 'InitChat' }>;
export type PageContext = NonNullable<InitChat['context']>;

/** The server keeps 500 and 200 characters; the widget sends no more. */
const MAX_URL = 500;
const MAX_TITLE = 200;
const MIN_GAP_MS = 5000;

const httpUrl = (value: string): string | undefined => (/^https?:\/\/\S+$/.test(value) ? value.split('#')[0]!.slice(0, MAX_URL) : undefined);

export function pageContext(): PageContext {
  const url = httpUrl(location.href);
  const referrer = document.referrer ? httpUrl(document.referrer) : undefined;
  let timeZone: string | undefined;
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    timeZone = undefined;
  }
  return {
    ...(url ? { url } : {}),
    ...(document.title ? { title: document.title.trim().slice(0, MAX_TITLE) } : {}),
    ...(referrer ? { referrer } : {}),
    ...(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,6}$/.test(navigator.language) ? { language: navigator.language } : {}),
    ...(timeZone ? { timeZone } : {}),
  };
}

/** Sends `visitorContext` when the open chat's page changed since the last one sent, once the socket is live. */
export class PageReporter {
  /** the chat and page last reported: `${contactId} ${url} ${title}` */
  private sent = '';
  /** the page InitChat carried, until the chat it opened is known */
  private startedPage: string | undefined;
  private lastSentAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly state: () => WidgetState,
    private readonly send: (frame: ClientFrame) => boolean,
  ) {
    // the shop's own navigation inside the page (history API): the widget stays, the page changed
    addEventListener('popstate', () => this.check());
  }

  /** InitChat carried this page's context: the chat it opens needs no frame for it. */
  startedOn(context: PageContext): void {
    this.startedPage = pageKey(context);
    this.lastSentAt = Date.now();
  }

  check(): void {
    const s = this.state();
    if (s.link !== 'live' || s.stage !== 'chat' || !s.contactId || this.timer) return;
    const context = pageContext();
    const page = pageKey(context);
    if (this.startedPage !== undefined) {
      if (this.startedPage === page) this.sent = `${s.contactId} ${page}`;
      this.startedPage = undefined;
    }
    if (this.sent === `${s.contactId} ${page}`) return;
    const wait = this.lastSentAt + MIN_GAP_MS - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.check();
      }, wait);
      return;
    }
    if (this.send({ action: 'visitorContext', contact_id: s.contactId, context })) {
      this.sent = `${s.contactId} ${page}`;
      this.lastSentAt = Date.now();
    }
  }
}

const pageKey = (context: PageContext): string => `${context.url ?? ''} ${context.title ?? ''}`;
