/**
 * The dashboard while a seller is signed in, wired: the reducer decides what each frame, answer,
 * timer and click does to the state; this runs the effects it asks for (frames, API calls, timers,
 * the beep, the address bar) and renders. Views only render the state and call back here.
 */
import { refusalOfFile, uploadAttachment } from '../shared/attachments';
import { byId } from '../shared/dom';
import { randomId } from '../shared/random-id';
import { Timers } from '../shared/timers';
import { describeError, type TransferTarget } from './api';
import { beep, showUnreadInTitle, unlockAudio } from './attention';
import { ChatListView } from './chat-list';
import { ChatView } from './chat-view';
import type { DashboardEffect, DashboardEvent, DashboardTimer } from './events';
import { reduce } from './reducer';
import type { SellerToken } from './seller-token';
import { canReply, initialState, openChatSummary, totalUnread, type DashboardState } from './state';
import { DASHBOARD_TIMERS } from './timers';
import { DashboardTransport } from './transport';
import { SavedReplies } from './saved-replies';
import { SellerTools } from './seller-tools';
import { VisitorContextPanel } from './visitor-context';

export interface DashboardConfig {
  wsUrl: string;
  apiUrl: string;
  localMode: boolean;
}

/** The longest delay setTimeout takes (about 24.8 days). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class DashboardApp {
  private state: DashboardState;
  private readonly transport: DashboardTransport;
  private readonly timers: Timers<DashboardTimer, DashboardEvent>;
  private readonly abort = new AbortController();
  private readonly listView: ChatListView;
  private readonly chatView: ChatView;
  private readonly tools: SellerTools;
  private readonly savedReplies: SavedReplies;
  private readonly contextPanel: VisitorContextPanel;
  private readonly presenceButtons = { online: byId('presence-online'), away: byId('presence-away') };
  private readonly socketStatus = byId('socket-status');
  private renderScheduled = false;
  private stopped = false;

  constructor(
    private readonly seller: SellerToken,
    private readonly config: DashboardConfig,
    private readonly signOut: (message?: string) => void,
  ) {
    this.state = initialState(seller.sellerId);
    this.transport = new DashboardTransport(
      seller,
      config.wsUrl,
      config.apiUrl,
      {
        onUp: (connected) => this.dispatch({ type: 'socketUp', presence: connected.presence }),
        onDown: () => this.dispatch({ type: 'socketDown' }),
        onFrame: (frame) => this.dispatch({ type: 'frame', frame }),
      },
      () => this.signOut('The server no longer accepts your token: it expired or was revoked. Sign in again.'),
    );
    this.timers = new Timers(DASHBOARD_TIMERS, (event) => this.dispatch(event));
    const signal = this.abort.signal;
    this.listView = new ChatListView(
      (contactId) => this.dispatch({ type: 'openRequested', contactId }),
      (status) => this.dispatch({ type: 'tabSelected', status }),
      signal,
    );
    this.contextPanel = new VisitorContextPanel(signal);
    this.chatView = new ChatView(
      {
        loadEarlier: () => this.dispatch({ type: 'earlierRequested' }),
        send: (text) => this.send(text),
        attach: (file) => void this.attach(file),
        typing: () => this.dispatch({ type: 'keystroke' }),
        end: () => this.dispatch({ type: 'endRequested' }),
        transfer: (to) => this.transfer(to),
        retry: (clientMessageId) => this.dispatch({ type: 'retryRequested', clientMessageId }),
        dismissNotice: () => this.dispatch({ type: 'noticeDismissed' }),
        suggest: () => this.dispatch({ type: 'suggestRequested' }),
      },
      signal,
    );
    this.tools = new SellerTools(this.transport.api, signal);
    this.savedReplies = new SavedReplies(this.transport.api, seller.teams, signal);
  }

  start(): void {
    const { seller } = this;
    const signal = this.abort.signal;
    byId('whoami').textContent = seller.teams.length ? `${seller.sellerId} · ${seller.teams.join(', ')}` : seller.sellerId;
    this.presenceButtons.online.addEventListener('click', () => this.dispatch({ type: 'presenceRequested', status: 'online' }), { signal });
    this.presenceButtons.away.addEventListener('click', () => this.dispatch({ type: 'presenceRequested', status: 'away' }), { signal });
    byId('sign-out').addEventListener('click', () => this.signOut(), { signal });
    document.addEventListener('visibilitychange', () => this.dispatch({ type: 'pageActivated' }), { signal });
    window.addEventListener('focus', () => this.dispatch({ type: 'pageActivated' }), { signal });
    // audio may only start after a gesture: the first click or key press unlocks it for later beeps
    document.addEventListener('pointerdown', unlockAudio, { signal, once: true });
    document.addEventListener('keydown', unlockAudio, { signal, once: true });

    if (seller.expiresAt !== undefined) {
      const left = seller.expiresAt - Date.now();
      if (left < MAX_TIMEOUT_MS) this.timers.start('tokenExpiry', left);
    }
    byId('app').hidden = false;
    this.transport.start();
    this.dispatch({ type: 'reloadDue' });
    void this.savedReplies.load();
    const restored = /^#chat=(.+)$/.exec(location.hash);
    if (restored?.[1]) this.dispatch({ type: 'openRequested', contactId: decodeURIComponent(restored[1]) });
    this.render();
  }

  stop(): void {
    this.dispatch({ type: 'signedOut' });
    this.stopped = true;
    this.abort.abort();
    this.transport.stop();
    this.timers.stopAll();
    this.render(true);
    byId('app').hidden = true;
    showUnreadInTitle(0);
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  }

  /** Feeds one event to the reducer and runs its effects; a stopped app takes none. */
  private dispatch(event: DashboardEvent): void {
    if (this.stopped) return;
    const { state, effects } = reduce(this.state, event, Date.now());
    this.state = state;
    for (const effect of effects) this.run(effect);
    this.scheduleRender();
  }

  private run(effect: DashboardEffect): void {
    const { api } = this.transport;
    switch (effect.kind) {
      case 'send': {
        const outcome = this.transport.send(effect.frame) ? effect.ifSent : effect.ifNotSent;
        if (outcome) this.dispatch(outcome);
        return;
      }
      case 'markRead': {
        const { contactId, upToSeq } = effect;
        // the open chat counts as read only while the seller can see it
        if (document.visibilityState !== 'visible' || !document.hasFocus()) return;
        if (this.transport.send({ action: 'read', contact_id: contactId, upToSeq })) this.dispatch({ type: 'readMarked', contactId, upToSeq });
        return;
      }
      case 'beep':
        if (!effect.onlyIfHidden || document.visibilityState === 'hidden') beep();
        return;
      case 'loadLists': {
        const { generation, startedAt } = effect;
        return this.settle(
          this.transport.lists(),
          (lists) => ({ type: 'listsLoaded', generation, startedAt, lists }),
          (reason) => ({ type: 'listsFailed', generation, reason }),
        );
      }
      case 'loadContact': {
        const { serial, readAt } = effect;
        return this.settle(
          api.contact(effect.contactId),
          (contact) => {
            this.tools.contactLoaded(contact);
            return { type: 'contactLoaded', serial, readAt, contact };
          },
          (reason) => ({ type: 'contactFailed', serial, reason }),
        );
      }
      case 'loadEarlier': {
        const { serial, oldest, after } = effect;
        return this.settle(
          api.messagesAfter(effect.contactId, after, effect.limit),
          (page) => ({ type: 'earlierLoaded', serial, oldest, after, page }),
          (reason) => ({ type: 'earlierFailed', serial, reason }),
        );
      }
      case 'endChat':
        return this.settle(
          api.end(effect.contactId),
          (contact) => ({ type: 'endSucceeded', contact }),
          (reason) => ({ type: 'endFailed', reason }),
        );
      case 'showInAddress':
        history.replaceState(null, '', `#chat=${encodeURIComponent(effect.contactId)}`);
        return;
      case 'signOut':
        return this.signOut(effect.message);
      case 'startTimer':
        return this.timers.start(effect.timer, effect.delayMs);
      case 'stopTimer':
        return this.timers.stop(effect.timer);
    }
  }

  /** Feeds a request's answer, or why it failed, back to the reducer. */
  private settle<T>(request: Promise<T>, answered: (value: T) => DashboardEvent, failed: (reason: string) => DashboardEvent): void {
    request.then(
      (value) => this.dispatch(answered(value)),
      (error: unknown) => this.dispatch(failed(describeError(error))),
    );
  }

  /** A reply to the open chat; false (the text stays in the box) when this seller may not write there. */
  private send(text: string): boolean {
    const chat = openChatSummary(this.state);
    if (!chat || !canReply(this.state, chat)) return false;
    this.dispatch({ type: 'replyWritten', text, clientMessageId: randomId('d-') });
    return true;
  }

  /** A file into the open chat: checked, uploaded with progress (shown under the reply box), then sent as a reply of its own. */
  private async attach(file: File): Promise<void> {
    const chat = openChatSummary(this.state);
    const refusal = !chat || !canReply(this.state, chat) ? 'Files go into a chat assigned to you.' : refusalOfFile(file);
    if (refusal || !chat) return this.chatView.showUpload(refusal ?? '');
    try {
      const sent = await uploadAttachment(this.config.apiUrl, chat.id, this.seller.token, file, (fraction) =>
        this.chatView.showUpload(`Uploading ${file.name}: ${Math.round(fraction * 100)}%`),
      );
      this.chatView.showUpload('');
      this.dispatch({ type: 'replyWritten', text: '', attachments: [sent], clientMessageId: randomId('d-') });
    } catch (error) {
      this.chatView.showUpload(`${file.name} was not sent: ${describeError(error)}`);
    }
  }

  /** Hands the open chat on; true when the server took it, so the form can close. */
  private async transfer(to: TransferTarget): Promise<boolean> {
    const chat = openChatSummary(this.state);
    if (!chat) return false;
    this.dispatch({ type: 'transferStarted' });
    try {
      const contact = await this.transport.api.transfer(chat.id, to);
      this.dispatch({ type: 'transferSucceeded', to, contact });
      return true;
    } catch (error) {
      this.dispatch({ type: 'transferFailed', reason: describeError(error) });
      return false;
    }
  }

  /** Renders once, after the current task: many frames in one burst cost one render. */
  private scheduleRender(): void {
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    queueMicrotask(() => {
      this.renderScheduled = false;
      this.render();
    });
  }

  /** `force`: the last render of a stopped app, which empties the views for the next sign-in. */
  private render(force = false): void {
    if (this.stopped && !force) return;
    const { state } = this;
    this.listView.render(state);
    this.chatView.render(state);
    this.tools.render(state);
    this.contextPanel.render(state);
    this.presenceButtons.online.setAttribute('aria-pressed', String(state.presence === 'online'));
    this.presenceButtons.away.setAttribute('aria-pressed', String(state.presence === 'away'));
    const label = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…' }[state.socket];
    if (this.socketStatus.textContent !== label) this.socketStatus.textContent = label;
    this.socketStatus.dataset.state = state.socket;
    showUnreadInTitle(totalUnread(state));
  }
}
