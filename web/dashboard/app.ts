/**
 * One signed-in session of the dashboard: the socket, the API, the store, and what each frame
 * does to them. Views only render the store and call back here.
 */
import { randomId, type ChatMessage, type ContactStatus } from '../shared/chat-types';
import { ReconnectingSocket, type Frame } from '../shared/reconnecting-socket';
import { DashboardApi, describeError, type SellerContact } from './api';
import { beep, showUnreadInTitle, unlockAudio } from './attention';
import { ChatListView } from './chat-list';
import { ConversationView } from './conversation-view';
import { byId } from '../shared/dom';
import type { SellerSession } from './session';
import { STATUSES, Store, visitorName, type ContactEntry, type Conversation, type PendingReply } from './store';

export interface DashboardConfig {
  wsUrl: string;
  apiUrl: string;
  localMode: boolean;
}

/** Lifecycle frames come in bursts (assigned + transferred + queued): one list reload for all. */
const RELOAD_DEBOUNCE_MS = 250;
const PAGE_SIZE = 20;
/** The seller's typing: `start` again while still typing, `stop` after this much quiet. */
const TYPING_REFRESH_MS = 4000;
const TYPING_IDLE_MS = 3000;
/** The visitor's typing indicator goes away by itself if no `stop` comes. */
const VISITOR_TYPING_MS = 6000;
/**
 * Nobody tells the members of a queue when a teammate takes one of its chats (or its visitor ends
 * it): while chats wait in the Queued tab, the lists are read again at this pace.
 */
const QUEUE_REFRESH_MS = 30_000;
/** Failed socket attempts before the token is checked over HTTP (a 401 upgrade is invisible to a page). */
const ATTEMPTS_BEFORE_TOKEN_CHECK = 3;

type ErrorFrame = { error?: { code?: string; message?: string; retryAfter?: number }; clientMessageId?: string | null };

export class DashboardApp {
  private readonly store: Store;
  private readonly api: DashboardApi;
  private readonly socket: ReconnectingSocket;
  private readonly abort = new AbortController();
  private readonly listView: ChatListView;
  private readonly conversationView: ConversationView;
  private readonly presenceButtons = { online: byId('presence-online'), away: byId('presence-away') };
  private readonly socketStatus = byId('socket-status');
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private reloadGeneration = 0;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private queueRefresh: ReturnType<typeof setInterval> | undefined;
  private visitorTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private typingContact: string | undefined;
  private typingSentAt = 0;
  private typingIdleTimer: ReturnType<typeof setTimeout> | undefined;
  private everUp = false;
  private attemptsSinceUp = 0;
  private stopped = false;

  constructor(
    private readonly session: SellerSession,
    private readonly config: DashboardConfig,
    private readonly signOut: (message?: string) => void,
  ) {
    this.store = new Store(session.sellerId);
    this.api = new DashboardApi(config.apiUrl, session.token, () =>
      this.signOut('The server no longer accepts your token: it expired or was revoked. Sign in again.'),
    );
    this.socket = new ReconnectingSocket(() => this.socketUrl(), {
      onUp: (connected) => this.onUp(connected),
      onDown: () => this.onDown(),
      onFrame: (frame) => this.onFrame(frame),
    });
    const signal = this.abort.signal;
    this.listView = new ChatListView(this.store, (contactId) => void this.open(contactId), signal);
    this.conversationView = new ConversationView(
      this.store,
      {
        loadEarlier: () => void this.loadEarlier(),
        send: (text) => this.send(text),
        typing: () => this.typing(),
        end: () => void this.end(),
        transfer: (to) => this.transfer(to),
        retry: (clientMessageId) => this.retry(clientMessageId),
      },
      signal,
    );
  }

  start(): void {
    const { store, session } = this;
    const signal = this.abort.signal;
    byId('whoami').textContent = session.teams.length ? `${session.sellerId} · ${session.teams.join(', ')}` : session.sellerId;
    this.presenceButtons.online.addEventListener('click', () => this.setPresence('online'), { signal });
    this.presenceButtons.away.addEventListener('click', () => this.setPresence('away'), { signal });
    byId('sign-out').addEventListener('click', () => this.signOut(), { signal });
    document.addEventListener('visibilitychange', () => this.markRead(), { signal });
    window.addEventListener('focus', () => this.markRead(), { signal });
    // audio may only start after a gesture: the first click or key press unlocks it for later beeps
    document.addEventListener('pointerdown', unlockAudio, { signal, once: true });
    document.addEventListener('keydown', unlockAudio, { signal, once: true });
    store.subscribe(() => this.render());

    if (session.expiresAt !== undefined) {
      const left = session.expiresAt - Date.now();
      if (left < 2 ** 31 - 1) this.expiryTimer = setTimeout(() => this.signOut('Your token expired. Sign in again with a new one.'), left);
    }
    this.queueRefresh = setInterval(() => {
      if (this.store.socket === 'connected' && this.store.list('queued').length > 0) void this.reloadLists();
    }, QUEUE_REFRESH_MS);
    byId('app').hidden = false;
    this.socket.start();
    void this.reloadLists();
    const restored = /^#chat=(.+)$/.exec(location.hash);
    if (restored?.[1]) void this.open(decodeURIComponent(restored[1]));
    this.render();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    this.socket.stop();
    clearInterval(this.queueRefresh);
    for (const timer of [this.reloadTimer, this.expiryTimer, this.visitorTypingTimer, this.typingIdleTimer]) clearTimeout(timer);
    this.store.conversation = undefined;
    this.store.contacts.clear();
    this.store.notice = '';
    this.render(true);
    byId('app').hidden = true;
    showUnreadInTitle(0);
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  }

  /** `force`: the last render of a stopped session, which empties the views for the next one. */
  private render(force = false): void {
    if (this.stopped && !force) return;
    const { store } = this;
    this.listView.render();
    this.conversationView.render();
    this.presenceButtons.online.setAttribute('aria-pressed', String(store.presence === 'online'));
    this.presenceButtons.away.setAttribute('aria-pressed', String(store.presence === 'away'));
    const label = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…' }[store.socket];
    if (this.socketStatus.textContent !== label) this.socketStatus.textContent = label;
    this.socketStatus.dataset.state = store.socket;
    showUnreadInTitle(store.totalUnread());
  }

  // ---- socket ----

  private socketUrl(): string {
    this.attemptsSinceUp++;
    // a refused upgrade looks like any network failure to a page: ask the API whether the token still works
    if (this.attemptsSinceUp === ATTEMPTS_BEFORE_TOKEN_CHECK) void this.api.probe().catch(() => undefined);
    const query = new URLSearchParams({ userId: this.session.sellerId, role: 'seller', token: this.session.token });
    return `${this.config.wsUrl}${this.config.wsUrl.includes('?') ? '&' : '?'}${query.toString()}`;
  }

  private onUp(connected: Frame): void {
    const { store } = this;
    store.socket = 'connected';
    // the server's stored presence, which outlives this tab
    if (connected.presence === 'online' || connected.presence === 'away') this.onPresence({ status: connected.presence });
    this.attemptsSinceUp = 0;
    // replies that waited for the socket, or whose ack was lost with the old one: the same
    // clientMessageId makes a resend exactly-once on the server
    for (const reply of store.pending.values()) if (reply.state !== 'failed') this.transmit(reply);
    if (this.everUp) this.scheduleReload(0);
    this.everUp = true;
    const conversation = store.conversation;
    const entry = store.openEntry();
    if (conversation?.loaded && entry) {
      if (this.isParty(entry)) this.socket.send({ action: 'resume', contact_id: entry.id, afterSeq: store.highestSeq() });
      else void this.open(entry.id);
    }
    this.markRead();
    store.changed();
  }

  private onDown(): void {
    this.store.socket = this.everUp ? 'reconnecting' : 'connecting';
    this.typingContact = undefined;
    if (this.store.conversation) this.store.conversation.visitorTyping = false;
    this.store.changed();
  }

  private onFrame(frame: Frame): void {
    switch (frame.action) {
      case 'sendMessage':
        return this.onMessage(frame as unknown as ChatMessage);
      case 'messageAck':
        return this.onAck(frame);
      case 'error':
        return this.onError(frame as ErrorFrame);
      case 'typing':
        return this.onTyping(frame);
      case 'read':
        return this.onRead(frame);
      case 'presence':
        return this.onPresence(frame);
      case 'contactAssigned':
        return this.onAssigned(frame);
      case 'contactQueued':
        return this.onQueued(frame);
      case 'contactEnded':
        return this.onEnded(frame);
      case 'contactTransferred':
        return this.onTransferred(frame);
      case 'messageDeleted':
        return this.onDeleted(frame);
      default:
        return; // pong, resumed, and frames added later
    }
  }

  private onMessage(message: ChatMessage): void {
    const { store } = this;
    if (typeof message.seq !== 'number' || typeof message.contact_id !== 'string') return;
    const known = store.contacts.has(message.contact_id);
    const entry = store.entry(message.contact_id, message.role === 'visitor' ? message.from : message.to);
    const fresh = message.seq > entry.lastSeq;
    store.advance(entry, message.seq, message.timestamp);
    // what this seller wrote (in another tab) needs no reading
    if (message.role === 'seller') entry.sellerRead = Math.max(entry.sellerRead, message.seq);
    if (!known) {
      store.touch(entry);
      this.scheduleReload();
    }
    const open = store.conversation?.contactId === message.contact_id;
    if (open) {
      store.addMessage(message);
      if (message.role === 'seller' && message.clientMessageId) store.pending.delete(message.clientMessageId);
      if (message.role === 'visitor') this.setVisitorTyping(false);
    }
    if (message.role === 'visitor' && fresh && (!open || document.visibilityState === 'hidden')) beep();
    this.markRead();
    store.changed();
  }

  private onAck(frame: Frame): void {
    const { store } = this;
    const reply = typeof frame.clientMessageId === 'string' ? store.pending.get(frame.clientMessageId) : undefined;
    if (!reply || typeof frame.seq !== 'number') return;
    store.pending.delete(reply.clientMessageId);
    const seq = frame.seq;
    // the server's stored time, the one the visitor sees
    const timestamp = typeof frame.timestamp === 'string' ? frame.timestamp : reply.createdAt;
    store.addMessage({
      id: String(frame.id),
      contact_id: reply.contactId,
      seq,
      from: this.session.sellerId,
      to: reply.to,
      role: 'seller',
      message: reply.text,
      timestamp,
      clientMessageId: reply.clientMessageId,
    });
    const entry = store.contacts.get(reply.contactId);
    if (entry) {
      store.advance(entry, seq, timestamp);
      entry.sellerRead = Math.max(entry.sellerRead, seq);
    }
    // a reply says the seller has read the chat up to it
    this.socket.send({ action: 'read', contact_id: reply.contactId, upToSeq: seq });
    store.changed();
  }

  private onError(frame: ErrorFrame): void {
    const { store } = this;
    const retryAfter = frame.error?.retryAfter;
    const text = (frame.error?.message ?? 'The server refused the last action.') + (retryAfter ? ` Try again in ${Math.ceil(retryAfter)} s.` : '');
    const reply = frame.clientMessageId ? store.pending.get(frame.clientMessageId) : undefined;
    if (reply) {
      reply.state = 'failed';
      reply.error = text;
      store.notice = `Your message was not sent: ${text}`;
    } else {
      store.notice = text;
    }
    store.changed();
  }

  private onTyping(frame: Frame): void {
    if (frame.role === 'visitor' && frame.contact_id === this.store.conversation?.contactId) this.setVisitorTyping(frame.state === 'start');
  }

  private setVisitorTyping(typing: boolean): void {
    const conversation = this.store.conversation;
    clearTimeout(this.visitorTypingTimer);
    if (!conversation) return;
    conversation.visitorTyping = typing;
    if (typing) {
      this.visitorTypingTimer = setTimeout(() => {
        conversation.visitorTyping = false;
        this.store.changed();
      }, VISITOR_TYPING_MS);
    }
    this.store.changed();
  }

  private onRead(frame: Frame): void {
    const entry = typeof frame.contact_id === 'string' ? this.store.contacts.get(frame.contact_id) : undefined;
    if (!entry || typeof frame.upToSeq !== 'number') return;
    if (frame.role === 'visitor') entry.visitorRead = Math.max(entry.visitorRead, frame.upToSeq);
    else if (frame.role === 'seller') entry.sellerRead = Math.max(entry.sellerRead, frame.upToSeq);
    this.store.changed();
  }

  private onPresence(frame: Frame): void {
    if (frame.status !== 'online' && frame.status !== 'away') return;
    this.store.presence = frame.status;
    this.store.changed();
  }

  private onAssigned(frame: Frame): void {
    const { store } = this;
    const visitor = frame.visitor as { userId: string; userInfo: Record<string, unknown> } | undefined;
    if (typeof frame.contact_id === 'string' && visitor?.userId) {
      const entry = store.entry(frame.contact_id, visitor.userId);
      entry.status = 'assigned';
      entry.sellerId = this.session.sellerId;
      entry.visitorId = visitor.userId;
      entry.visitorName = visitorName(visitor);
      entry.note = '';
      if (!entry.lastActivityAt) entry.lastActivityAt = new Date().toISOString();
      store.touch(entry);
      // the open chat was queued and is now ours: read it again (status, read marks, anything missed)
      if (store.conversation?.contactId === entry.id) void this.open(entry.id);
    }
    this.scheduleReload();
    store.changed();
  }

  private onQueued(frame: Frame): void {
    const entry = this.liveEntry(frame);
    if (entry) {
      entry.status = 'queued';
      entry.queueKey = typeof frame.queueKey === 'string' ? frame.queueKey : entry.queueKey;
      if (frame.fromSellerId === this.session.sellerId && frame.reason !== 'new') {
        entry.sellerId = null;
        entry.note = frame.reason === 'presence' ? 'Back in the queue: you were away too long.' : 'Transferred: waiting in the queue.';
        if (this.typingContact === entry.id) this.typingContact = undefined;
      }
    }
    this.scheduleReload();
  }

  private onEnded(frame: Frame): void {
    const entry = this.liveEntry(frame);
    if (entry) {
      entry.status = 'ended';
      entry.endedBy = typeof frame.endedBy === 'string' ? frame.endedBy : entry.endedBy;
      if (typeof frame.endedAt === 'string') this.store.advance(entry, 0, frame.endedAt);
      // typing into an ended chat is refused: nothing more to say about it
      if (this.typingContact === entry.id) this.typingContact = undefined;
      if (this.store.conversation?.contactId === entry.id) this.setVisitorTyping(false);
    }
    this.scheduleReload();
  }

  private onTransferred(frame: Frame): void {
    const me = this.session.sellerId;
    const entry = this.liveEntry(frame);
    if (entry) {
      if (frame.sellerId === me) {
        entry.status = 'assigned';
        entry.sellerId = me;
        entry.note = '';
      } else if (frame.fromSellerId === me) {
        if (this.typingContact === entry.id) this.typingContact = undefined;
        const sellerId = typeof frame.sellerId === 'string' ? frame.sellerId : null;
        entry.sellerId = sellerId;
        entry.status = frame.status === 'queued' ? 'queued' : 'elsewhere';
        entry.note = sellerId
          ? `Transferred to ${sellerId}.`
          : `Transferred to ${String(frame.toTeamId ?? frame.toSellerId)}: waiting in its queue.`;
      }
    }
    this.scheduleReload();
  }

  private onDeleted(frame: Frame): void {
    const conversation = this.store.conversation;
    if (!conversation || frame.contact_id !== conversation.contactId || typeof frame.seq !== 'number') return;
    const message = conversation.messages.get(frame.seq);
    if (message) conversation.messages.set(frame.seq, { ...message, message: undefined, deleted: true });
    this.store.changed();
  }

  /** The known chat a lifecycle frame names, marked as changed live; undefined for an unknown one. */
  private liveEntry(frame: Frame): ContactEntry | undefined {
    const entry = typeof frame.contact_id === 'string' ? this.store.contacts.get(frame.contact_id) : undefined;
    if (entry) {
      this.store.touch(entry);
      this.store.changed();
    }
    return entry;
  }

  // ---- lists ----

  private scheduleReload(delay = RELOAD_DEBOUNCE_MS): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.reloadLists(), delay);
  }

  /** All three lists; only the latest reload's answer is applied. */
  private async reloadLists(): Promise<void> {
    const generation = ++this.reloadGeneration;
    const startedAt = this.store.tick();
    try {
      const [queued, assigned, ended] = await Promise.all(STATUSES.map((status) => this.api.listContacts(status)));
      if (generation !== this.reloadGeneration || this.stopped) return;
      this.store.applyLists({ queued, assigned, ended } as Record<ContactStatus, SellerContact[]>, startedAt);
    } catch (error) {
      if (generation !== this.reloadGeneration || this.stopped) return;
      this.store.notice = `Could not load the chats: ${describeError(error)}`;
      this.store.changed();
    }
  }

  // ---- the open chat ----

  /** Opens a chat (or reads the open one again): contact and newest messages, merged into what is shown. */
  private async open(contactId: string): Promise<void> {
    const { store } = this;
    let conversation = store.conversation;
    if (conversation?.contactId !== contactId) {
      this.stopTyping();
      clearTimeout(this.visitorTypingTimer);
      conversation = { contactId, messages: new Map(), loaded: false, hasEarlier: false, loadingEarlier: false, visitorTyping: false };
      store.conversation = conversation;
      history.replaceState(null, '', `#chat=${encodeURIComponent(contactId)}`);
      store.changed();
    }
    const current: Conversation = conversation;
    const readAt = store.tick();
    try {
      const contact = await this.api.contact(contactId);
      if (store.conversation !== current) return;
      store.upsert(contact, readAt);
      for (const message of contact.messages) store.addMessage(message);
      if (!current.loaded) {
        const oldest = contact.messages[0]?.seq ?? 0;
        current.hasEarlier = contact.messages.length >= PAGE_SIZE && oldest > 1;
      }
      current.loaded = true;
      current.loadError = undefined;
      this.markRead();
    } catch (error) {
      if (store.conversation !== current) return;
      if (current.loaded) store.notice = `Could not refresh this chat: ${describeError(error)}`;
      else current.loadError = `Could not load this chat: ${describeError(error)}`;
    }
    store.changed();
  }

  private async loadEarlier(): Promise<void> {
    const { store } = this;
    const conversation = store.conversation;
    if (!conversation?.loaded || conversation.loadingEarlier || conversation.messages.size === 0) return;
    const oldest = Math.min(...conversation.messages.keys());
    const after = Math.max(0, oldest - (PAGE_SIZE + 1));
    conversation.loadingEarlier = true;
    store.changed();
    try {
      const page = await this.api.messagesAfter(conversation.contactId, after, PAGE_SIZE);
      let added = 0;
      for (const message of page.messages) if (message.seq < oldest && store.addMessage(message)) added++;
      const newOldest = Math.min(...conversation.messages.keys());
      conversation.hasEarlier = after > 0 && added > 0 && newOldest > 1;
    } catch (error) {
      store.notice = `Could not load earlier messages: ${describeError(error)}`;
    } finally {
      conversation.loadingEarlier = false;
      store.changed();
    }
  }

  /** The seller's own chat (assigned to it, open or ended): where read, typing and resume are allowed. */
  private isParty(entry: ContactEntry): boolean {
    return entry.sellerId === this.session.sellerId && (entry.status === 'assigned' || entry.status === 'ended');
  }

  /** While the open chat is on screen, the visitor's messages in it count as read. */
  private markRead(): void {
    const conversation = this.store.conversation;
    const entry = this.store.openEntry();
    if (!conversation?.loaded || !entry || !this.isParty(entry)) return;
    if (document.visibilityState !== 'visible' || !document.hasFocus()) return;
    let highest = 0;
    for (const message of conversation.messages.values()) if (message.role === 'visitor') highest = Math.max(highest, message.seq);
    if (highest <= entry.sellerRead) return;
    if (!this.socket.send({ action: 'read', contact_id: entry.id, upToSeq: highest })) return;
    entry.sellerRead = highest;
    this.store.changed();
  }

  private send(text: string): boolean {
    const entry = this.store.openEntry();
    if (!entry || !this.store.canReply(entry)) return false;
    const reply: PendingReply = {
      clientMessageId: randomId('d-'),
      contactId: entry.id,
      to: entry.visitorId,
      text,
      createdAt: new Date().toISOString(),
      state: 'sending',
    };
    this.store.pending.set(reply.clientMessageId, reply);
    this.transmit(reply);
    this.stopTyping();
    this.store.changed();
    return true;
  }

  private transmit(reply: PendingReply): void {
    const sent = this.socket.send({
      action: 'sendMessage',
      to: reply.to,
      contact_id: reply.contactId,
      message: reply.text,
      clientMessageId: reply.clientMessageId,
    });
    reply.state = sent ? 'sending' : 'waiting';
  }

  private retry(clientMessageId: string): void {
    const reply = this.store.pending.get(clientMessageId);
    if (!reply) return;
    reply.error = undefined;
    this.transmit(reply);
    this.store.changed();
  }

  private typing(): void {
    const entry = this.store.openEntry();
    if (!entry || !this.store.canReply(entry)) return;
    if (this.typingContact !== entry.id) this.stopTyping();
    const now = Date.now();
    if (this.typingContact !== entry.id || now - this.typingSentAt > TYPING_REFRESH_MS) {
      if (this.socket.send({ action: 'typing', contact_id: entry.id, state: 'start' })) {
        this.typingContact = entry.id;
        this.typingSentAt = now;
      }
    }
    clearTimeout(this.typingIdleTimer);
    this.typingIdleTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    clearTimeout(this.typingIdleTimer);
    const contactId = this.typingContact;
    this.typingContact = undefined;
    if (contactId && this.store.contacts.get(contactId)?.status === 'assigned') {
      this.socket.send({ action: 'typing', contact_id: contactId, state: 'stop' });
    }
  }

  private setPresence(status: 'online' | 'away'): void {
    if (!this.socket.send({ action: 'presence', status })) {
      this.store.notice = 'Not connected: your presence cannot change until the connection is back.';
      this.store.changed();
    }
  }

  private async end(): Promise<void> {
    const entry = this.store.openEntry();
    if (!entry) return;
    try {
      const contact = await this.api.end(entry.id);
      this.store.upsert(contact);
      if (this.typingContact === entry.id) this.typingContact = undefined;
    } catch (error) {
      this.store.notice = `Could not end the chat: ${describeError(error)}`;
    }
    this.scheduleReload();
    this.store.changed();
  }

  private async transfer(to: { toSellerId: string } | { toTeamId: string }): Promise<boolean> {
    const entry = this.store.openEntry();
    if (!entry) return false;
    this.stopTyping();
    try {
      const contact = await this.api.transfer(entry.id, to);
      const updated = this.store.upsert(contact);
      if (contact.status === 'assigned' && contact.sellerId !== this.session.sellerId) {
        updated.status = 'elsewhere';
        updated.note = `Transferred to ${contact.sellerId ?? 'another seller'}.`;
      } else if (contact.status === 'queued') {
        updated.note = `Transferred to ${'toTeamId' in to ? to.toTeamId : to.toSellerId}: waiting in its queue.`;
      }
      this.scheduleReload();
      this.store.changed();
      return true;
    } catch (error) {
      this.store.notice = `Could not transfer the chat: ${describeError(error)}`;
      this.store.changed();
      return false;
    }
  }
}
