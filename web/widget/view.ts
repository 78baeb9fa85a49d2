/**
 * The widget's DOM: a launcher button and a chat panel in a shadow root. Renders the runtime's
 * state on every change; the composer is never re-created, so typing is never interrupted.
 */
import { RATING_CSS, RatingForm } from './rating';
import { fill, h, reconcile } from '../shared/dom';
import { formatTime } from '../shared/format';
import { sourceList } from '../shared/sources';
import { attachControls, attachmentList } from '../shared/attachments';
import { handoffNotice, mayAskForHuman, withAssistantFirst, type DeliveryState, type ShownMessage } from './chat-state';
import type { WidgetRuntime } from './widget-runtime';
import { WIDGET_CSS } from './styles';

const STATE_TEXT: Record<DeliveryState, [symbol: string, label: string]> = {
  sending: ['○', 'sending'],
  sent: ['✓', 'sent'],
  delivered: ['✓✓', 'delivered'],
  read: ['✓✓ Read', 'read'],
  failed: ['!', 'not sent'],
};

/** The log item that carries the current notice (queue, away, ended), kept after the messages. */
const NOTICE_KEY = 'notice';

const LAUNCHER_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';

export class WidgetView {
  private readonly launcher = h('button', { class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'chat-panel', 'aria-label': 'Open chat' });
  private readonly badge = h('span', { class: 'badge', 'aria-hidden': 'true' });
  private readonly panel = h('section', { id: 'chat-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'chat-title', hidden: '' });
  private readonly subtitle = h('p', { class: 'sub' });
  private readonly banner = h('p', { class: 'banner', role: 'status' });
  private readonly intro = h('form', { class: 'intro' });
  private readonly introError = h('p', { class: 'error', role: 'alert' });
  private readonly log = h('ol', { class: 'log' });
  /** the live region around the list: role=log on the <ol> itself would leave its items outside any list */
  private readonly logRegion = h('div', { class: 'log-region', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  private readonly typing = h('p', { class: 'typing', 'aria-live': 'polite' });
  /** while the chat waits and the shop's assistant answers it */
  private readonly human = h('div', { class: 'human' });
  private readonly composer = h('form', { class: 'composer' });
  private readonly input = h('textarea', { id: 'chat-input', rows: '1', maxlength: '4000', placeholder: 'Write a message…' });
  private readonly uploadStatus = h('p', { class: 'upload', role: 'status' });
  private readonly ended = h('div', { class: 'ended' });
  /** when the chat ended: how was it (once per chat) */
  private readonly rating: RatingForm;
  /** nobody can answer now (offline, closed): an email to be answered at */
  private readonly away = h('form', { class: 'away', 'aria-label': 'Leave your email' });
  private readonly awayEmail = h('input', { name: 'away-email', type: 'email', autocomplete: 'email', required: '', maxlength: '254' });

  constructor(
    host: HTMLElement,
    private readonly runtime: WidgetRuntime,
    title: string,
  ) {
    const root = host.attachShadow({ mode: 'open' });
    root.append(h('style', {}, WIDGET_CSS + RATING_CSS), this.launcher, this.panel);
    this.rating = new RatingForm((contactId, score, comment) => runtime.rate(contactId, score, comment));
    this.launcher.innerHTML = LAUNCHER_ICON;
    this.launcher.append(this.badge);
    this.launcher.onclick = () => this.toggle();

    const close = h('button', { class: 'close', type: 'button', 'aria-label': 'Close chat' }, '×');
    close.onclick = () => this.toggle(false);
    const heading = h('div');
    heading.append(h('h2', { id: 'chat-title' }, title), this.subtitle);
    const header = h('header');
    header.append(heading, close);

    this.buildIntro();
    this.buildComposer();
    this.buildAway();
    const talk = h('button', { type: 'button', class: 'secondary' }, 'Talk to a person');
    talk.onclick = () => runtime.askForHuman();
    this.human.append(talk);
    const again = h('button', { type: 'button', class: 'primary' }, 'Start a new chat');
    again.onclick = () => runtime.newChat();
    this.ended.append(h('span', {}, 'This chat has ended.'), again);

    this.logRegion.append(this.log);
    this.panel.append(header, this.banner, this.intro, this.logRegion, this.typing, this.human, this.away, this.uploadStatus, this.composer, this.rating.element, this.ended);
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.toggle(false);
    });
    runtime.onChange(() => this.render());
    this.render();
  }

  private buildIntro(): void {
    const name = h('input', { name: 'name', autocomplete: 'name', required: '', maxlength: '100' });
    const email = h('input', { name: 'email', type: 'email', autocomplete: 'email', maxlength: '200' });
    const nameLabel = h('label', {}, 'Your name');
    nameLabel.append(name);
    const emailLabel = h('label', {}, 'Email (optional)');
    emailLabel.append(email);
    this.intro.append(
      h('p', {}, 'Hi! Ask us anything: a seller answers here, usually within minutes.'),
      nameLabel,
      emailLabel,
      this.introError,
      h('button', { type: 'submit', class: 'primary' }, 'Start chat'),
    );
    this.intro.onsubmit = (event) => {
      event.preventDefault();
      this.runtime.startChat({ name: name.value.trim(), email: email.value.trim() });
      this.input.focus();
    };
  }

  private buildComposer(): void {
    const label = h('label', { for: 'chat-input', class: 'sr' }, 'Message');
    this.composer.append(
      label,
      attachControls(this.panel, (file) => void this.runtime.attach(file)),
      this.input,
      h('button', { type: 'submit', class: 'primary' }, 'Send'),
    );
    const submit = () => {
      const text = this.input.value.trim();
      if (!text) return;
      this.runtime.send(text);
      this.input.value = '';
    };
    this.composer.onsubmit = (event) => {
      event.preventDefault();
      submit();
    };
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        submit();
      }
    });
    this.input.addEventListener('input', () => this.runtime.typing());
  }

  private buildAway(): void {
    const label = h('label', {}, 'Your email, to be answered there');
    label.append(this.awayEmail);
    this.away.append(label, h('button', { type: 'submit', class: 'primary' }, 'Leave email'));
    this.away.onsubmit = (event) => {
      event.preventDefault();
      const email = this.awayEmail.value.trim();
      if (email) this.runtime.leaveEmail(email);
    };
  }

  private toggle(open = this.panel.hidden): void {
    this.panel.hidden = !open;
    this.launcher.setAttribute('aria-expanded', String(open));
    this.launcher.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
    this.runtime.setPanelOpen(open);
    if (open) (this.runtime.state.stage === 'intro' ? this.intro.querySelector('input') : this.input)?.focus();
    else this.launcher.focus();
  }

  private render(): void {
    const s = this.runtime.state;
    this.badge.textContent = String(s.unseen);
    this.badge.hidden = s.unseen === 0;
    this.launcher.setAttribute('aria-label', `${this.panel.hidden ? 'Open' : 'Close'} chat${s.unseen ? `, ${s.unseen} new` : ''}`);
    this.subtitle.textContent = this.subtitleText();
    this.banner.textContent =
      s.stage === 'intro' || s.link === 'live' || s.link === 'connecting'
        ? ''
        : s.link === 'fallback'
          ? 'Live connection lost. Messages are sent over HTTPS and new replies checked every few seconds.'
          : 'You are offline. Your messages will be sent when the connection is back.';
    if (this.intro.hidden !== (s.stage !== 'intro')) {
      const name = this.intro.querySelector<HTMLInputElement>('input[name=name]');
      const email = this.intro.querySelector<HTMLInputElement>('input[name=email]');
      if (name && s.profile) name.value = s.profile.name;
      if (email && s.profile) email.value = s.profile.email;
    }
    this.intro.hidden = s.stage !== 'intro';
    this.introError.textContent = s.stage === 'intro' ? s.notice : '';
    this.logRegion.hidden = s.stage === 'intro';
    this.typing.hidden = s.stage === 'intro';
    this.composer.hidden = s.stage !== 'chat';
    this.ended.hidden = s.stage !== 'ended';
    this.rating.render(s);
    const askEmail = s.stage === 'chat' && s.status === 'queued' && s.waiting !== undefined && s.waiting.reason !== 'busy' && !s.emailLeft;
    if (askEmail && this.away.hidden && !this.awayEmail.value) this.awayEmail.value = s.profile?.email ?? '';
    this.away.hidden = !askEmail;
    this.human.hidden = !mayAskForHuman(s);
    this.typing.textContent = s.sellerTyping ? 'The seller is typing…' : '';
    this.uploadStatus.textContent = s.stage === 'chat' ? this.runtime.uploadStatus : '';
    this.renderMessages();
  }

  private subtitleText(): string {
    const s = this.runtime.state;
    if (s.stage === 'ended') return 'Chat ended';
    if (withAssistantFirst(s)) return "The shop's assistant answers";
    if (s.status === 'queued') return 'You are in the queue';
    if (s.sellerAway) return 'The seller is away';
    if (s.status === 'assigned') return 'A seller is here';
    return 'We usually reply in a few minutes';
  }

  /** Moves only what changed: re-inserting every item would make screen readers announce the whole log again. */
  private renderMessages(): void {
    const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
    const byKey = new Map(this.runtime.messages().map((message) => [message.key, message]));
    const notice = this.noticeText();
    const keys = [...byKey.keys(), ...(notice ? [NOTICE_KEY] : [])];
    reconcile(
      this.log,
      keys,
      // the notice is a plain list item: the log's own live region announces it (a role would take it out of the list)
      (key) => (key === NOTICE_KEY ? h('li', { class: 'note' }) : h('li')),
      (item, key) => {
        const message = byKey.get(key);
        if (message) this.renderMessage(item, message);
        else if (item.textContent !== notice) item.textContent = notice;
      },
    );
    if (atBottom || keys.length <= 1) this.log.scrollTop = this.log.scrollHeight;
  }

  private noticeText(): string {
    const s = this.runtime.state;
    if (s.stage !== 'chat') return s.stage === 'ended' ? s.notice : '';
    if (withAssistantFirst(s)) return "The shop's assistant answers first. Ask for a person at any time.";
    if (s.status === 'queued') {
      const place = s.waiting?.position ? ` You are number ${s.waiting.position} in the queue.` : '';
      const left = s.emailLeft ? ` We will answer at ${s.emailLeft} if you leave.` : '';
      const first = handoffNotice(s) || s.waiting?.autoReply || 'You are in the queue. A seller will be with you shortly; you can already write.';
      return `${first}${place}${left}`;
    }
    if (s.sellerAway) return 'The seller is away right now. Your messages are kept and answered when they are back.';
    return s.notice;
  }

  private renderMessage(item: HTMLElement, message: ShownMessage): void {
    const state = message.state;
    // unchanged items are left alone, so the live region only announces what is new
    const signature = JSON.stringify([
      message.text,
      message.attachments?.map((file) => file.attachmentId),
      message.deleted,
      state,
      message.error,
      message.timestamp,
      message.seq,
      message.streaming,
      message.citations,
    ]);
    if (item.dataset.signature === signature) return;
    item.dataset.signature = signature;
    item.className = `msg${message.own ? ' own' : ''}${message.assistant ? ' assistant' : ''}${message.streaming ? ' streaming' : ''}${message.deleted ? ' deleted' : ''}${state === 'failed' ? ' failed' : ''}`;
    if (message.seq !== undefined) item.dataset.seq = String(message.seq);
    if (state) item.dataset.state = state;
    // an answer being written is announced once, as its stored message, not at every delta
    if (message.streaming) item.setAttribute('aria-busy', 'true');
    else item.removeAttribute('aria-busy');
    const meta = h(
      'span',
      { class: 'meta' },
      message.assistant ? null : h('span', { class: 'sr' }, message.own ? 'You, ' : 'Seller, '),
      message.streaming ? 'writing…' : h('time', { datetime: message.timestamp }, formatTime(message.timestamp)),
    );
    if (message.own && state) {
      const [symbol, label] = STATE_TEXT[state];
      meta.append(' ', h('span', { class: 'state', title: message.error ?? label }, symbol), h('span', { class: 'sr' }, `, ${message.error ?? label}`));
      if (message.error) meta.append(` ${message.error}`);
    }
    fill(
      item,
      message.assistant ? h('span', { class: 'who' }, 'Assistant') : null,
      h(
        'div',
        { class: 'bubble' },
        message.deleted ? 'Message deleted' : message.text,
        message.deleted ? null : attachmentList(message.attachments),
        message.deleted ? null : sourceList(message.citations),
      ),
      meta,
    );
  }
}
