/**
 * The visitor's side of one chat, without any DOM: the socket, the REST fallback, the outbox
 * that resends until a message is acknowledged, and the message list ordered by seq. The view
 * subscribes to `onChange` and reads the state.
 *
 * Nothing is lost and nothing is shown twice: every message carries a clientMessageId, which the
 * server deduplicates, and is resent (over the socket when it is up, over `POST /sendmessage`
 * when not) until acked; received messages are keyed by id.
 */
import type { ChatMessage, ContactStatus, ContactSummary, MessagePage } from '../shared/chat-types';
import { randomId } from '../shared/chat-types';
import { HttpError, requestJson } from '../shared/http';
import { ReconnectingSocket, type Frame } from '../shared/reconnecting-socket';
import { WidgetStorage, type Profile } from './storage';

export interface WidgetConfig {
  sellerId: string;
  wsUrl: string;
  apiUrl: string;
}

export type DeliveryState = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface ShownMessage {
  /** clientMessageId for our own messages, the server id for the seller's */
  key: string;
  id?: string;
  seq?: number;
  own: boolean;
  text: string;
  timestamp: string;
  deleted?: boolean;
  /** our own messages only */
  state?: DeliveryState;
  error?: string;
}

/** live: the socket is up; fallback: down, but HTTP works; offline: neither answers. */
export type Link = 'connecting' | 'live' | 'fallback' | 'offline';

export type Stage = 'intro' | 'chat' | 'ended';

interface Outgoing extends ShownMessage {
  clientMessageId: string;
  /** when the last attempt went out; an attempt without an answer is retried after ACK_TIMEOUT_MS */
  sentAt?: number;
  retryAt?: number;
}

const ACK_TIMEOUT_MS = 8000;
const POLL_EVERY_MS = 3000;
/** a REST send that failed for a reason that may pass */
const RETRY_AFTER_MS = 3000;
const TYPING_IDLE_MS = 3000;
const SEQ_OVERLAP = 5;

export class VisitorSession {
  stage: Stage = 'intro';
  link: Link = 'connecting';
  status: ContactStatus | undefined;
  sellerAway = false;
  sellerTyping = false;
  notice = '';
  profile: Profile | undefined;
  /** seller messages the visitor has not seen (the panel was closed) */
  unseen = 0;
  private contactId: string | undefined;
  private visitorToken: string | undefined;
  private readonly received = new Map<string, ShownMessage>();
  private readonly outbox = new Map<string, Outgoing>();
  private sellerReadSeq = 0;
  private syncedSeq = 0;
  private readSent = 0;
  private panelOpen = false;
  private readonly storage: WidgetStorage;
  private readonly deviceId: string;
  private readonly socket: ReconnectingSocket;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private flushTimer: ReturnType<typeof setInterval> | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private sellerTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private typingSentAt = 0;
  private restBusy = false;
  private listeners: Array<() => void> = [];

  constructor(private readonly config: WidgetConfig) {
    this.storage = new WidgetStorage(config.sellerId);
    this.deviceId = this.storage.deviceId();
    const saved = this.storage.chat();
    this.profile = saved.profile;
    this.contactId = saved.contactId;
    this.visitorToken = saved.visitorToken;
    if (this.contactId) this.stage = 'chat';
    const separator = config.wsUrl.includes('?') ? '&' : '?';
    this.socket = new ReconnectingSocket(() => `${config.wsUrl}${separator}userId=${encodeURIComponent(this.deviceId)}`, {
      onUp: () => this.socketUp(),
      onDown: () => this.socketDown(),
      onFrame: (frame) => this.onFrame(frame),
    });
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** A page with a chat in progress connects at once; otherwise the first opening of the panel does. */
  start(): void {
    if (this.contactId) {
      this.socket.start();
      void this.syncOverHttp();
    }
    this.flushTimer = setInterval(() => this.flushOutbox(), 1000);
  }

  setPanelOpen(open: boolean): void {
    this.panelOpen = open;
    if (open) {
      this.socket.start();
      this.unseen = 0;
      this.sendReadReceipt();
    }
    this.changed();
  }

  /** Messages in display order: stored ones by seq, then ours that are still on their way. */
  messages(): ShownMessage[] {
    const bySeq = new Map<number, ShownMessage>();
    for (const message of [...this.received.values(), ...this.outbox.values()]) {
      if (message.seq !== undefined) bySeq.set(message.seq, this.withReadState(message));
    }
    const pending = [...this.outbox.values()].filter((m) => m.seq === undefined);
    return [...[...bySeq.values()].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)), ...pending];
  }

  startChat(profile: Profile): void {
    this.profile = profile;
    this.stage = 'chat';
    this.notice = '';
    this.save();
    // without a socket the first message starts the chat over REST (with this profile)
    this.socket.send({ action: 'InitChat', sellerId: this.config.sellerId, userInfo: { ...profile } });
    this.changed();
  }

  /** After an ended chat: back to the form, profile kept. */
  newChat(): void {
    this.contactId = undefined;
    this.visitorToken = undefined;
    this.status = undefined;
    this.received.clear();
    this.outbox.clear();
    this.sellerReadSeq = this.readSent = this.syncedSeq = 0;
    this.stage = 'intro';
    this.notice = '';
    this.save();
    this.changed();
  }

  send(text: string): void {
    const clientMessageId = randomId('w-');
    this.outbox.set(clientMessageId, {
      key: clientMessageId,
      clientMessageId,
      own: true,
      text,
      timestamp: new Date().toISOString(),
      state: 'sending',
    });
    this.stopTyping();
    this.changed();
    this.flushOutbox();
  }

  /** Called on every keystroke in the composer: one `typing start` per few seconds, `stop` when idle. */
  typing(): void {
    if (!this.contactId) return;
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_IDLE_MS) {
      this.typingSentAt = now;
      this.socket.send({ action: 'typing', contact_id: this.contactId, state: 'start' });
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    clearTimeout(this.typingTimer);
    if (!this.typingSentAt || !this.contactId) return;
    this.typingSentAt = 0;
    this.socket.send({ action: 'typing', contact_id: this.contactId, state: 'stop' });
  }

  // ---- socket ----

  private socketUp(): void {
    this.link = 'live';
    this.stopPolling();
    // the form was sent while the socket was down, and no message has started the chat over REST yet
    if (this.stage === 'chat' && !this.contactId && this.profile) {
      this.socket.send({ action: 'InitChat', sellerId: this.config.sellerId, userInfo: { ...this.profile } });
    }
    if (this.contactId) this.socket.send({ action: 'resume', contact_id: this.contactId, afterSeq: this.syncedSeq });
    // whatever went out before the drop and was never acked goes again; the server drops repeats
    for (const message of this.outbox.values()) if (message.state === 'sending') message.sentAt = undefined;
    this.flushOutbox();
    this.changed();
  }

  /** Also called for every failed attempt while the socket stays down. */
  private socketDown(): void {
    if (this.link === 'live' || this.link === 'connecting') {
      this.link = 'fallback';
      // what went over the socket and was never acked goes again over REST; the server drops repeats
      for (const message of this.outbox.values()) if (message.state === 'sending') message.sentAt = undefined;
    }
    this.sellerTyping = false;
    this.startPolling();
    this.flushOutbox();
    this.changed();
  }

  private onFrame(frame: Frame): void {
    switch (frame.action) {
      case 'InitChat':
        this.chatOpened(String(frame.contact_id), frame.status as ContactStatus, frame.visitorToken as string | undefined);
        break;
      case 'sendMessage':
        this.addReceived(frame as unknown as ChatMessage);
        break;
      case 'messageAck':
        this.acked(frame);
        break;
      case 'read':
        if (frame.role === 'seller' && frame.contact_id === this.contactId) {
          this.sellerReadSeq = Math.max(this.sellerReadSeq, Number(frame.upToSeq));
        }
        break;
      case 'typing':
        if (frame.role === 'seller' && frame.contact_id === this.contactId) this.showSellerTyping(frame.state === 'start');
        break;
      case 'contactAssigned':
        if (frame.contact_id === this.contactId) {
          this.status = 'assigned';
          this.sellerAway = false;
          this.notice = 'A seller has joined the chat.';
        }
        break;
      case 'contactQueued':
        if (frame.contact_id === this.contactId) {
          this.status = 'queued';
          this.notice = '';
        }
        break;
      case 'contactTransferred':
        if (frame.contact_id === this.contactId) this.notice = 'Your chat was handed to a colleague.';
        break;
      case 'sellerPresence':
        if (frame.contact_id === this.contactId) this.sellerAway = frame.status !== 'online';
        break;
      case 'contactEnded':
        if (frame.contact_id === this.contactId) this.chatEnded();
        break;
      case 'messageDeleted':
        this.markDeleted(String(frame.id));
        break;
      case 'resumed':
        if (frame.contact_id !== this.contactId) break;
        this.advanceSynced(Number(frame.lastSeq) || 0);
        if (typeof frame.status === 'string') this.applyStatus(frame.status as ContactStatus);
        break;
      case 'error':
        this.refused(frame);
        break;
      default:
        return;
    }
    this.changed();
  }

  private chatOpened(contactId: string, status: ContactStatus, visitorToken: string | undefined): void {
    const isNew = this.contactId !== contactId;
    if (isNew || (visitorToken && visitorToken !== this.visitorToken)) {
      this.contactId = contactId;
      this.visitorToken = visitorToken ?? this.visitorToken;
      this.save();
    }
    // the chat may have history (InitChat returns an open chat of this device)
    if (isNew) void this.syncOverHttp();
    this.stage = 'chat';
    this.applyStatus(status);
    this.flushOutbox();
  }

  private applyStatus(status: ContactStatus): void {
    this.status = status;
    if (status === 'ended') this.chatEnded();
  }

  private chatEnded(): void {
    this.status = 'ended';
    this.stage = 'ended';
    this.sellerTyping = false;
    this.notice = 'This chat has ended.';
    for (const message of this.outbox.values()) {
      if (message.state === 'sending') Object.assign(message, { state: 'failed', error: 'not sent: the chat has ended' });
    }
  }

  private showSellerTyping(on: boolean): void {
    clearTimeout(this.sellerTypingTimer);
    this.sellerTyping = on;
    // a lost `stop` must not leave the indicator on forever
    if (on) this.sellerTypingTimer = setTimeout(() => ((this.sellerTyping = false), this.changed()), 6000);
  }

  private addReceived(message: ChatMessage): void {
    if (this.contactId && message.contact_id !== this.contactId) return;
    if (message.role === 'visitor') {
      // our own message, stored: from another tab, a resume, or a poll
      const mine = message.clientMessageId ? this.outbox.get(message.clientMessageId) : undefined;
      if (mine) {
        Object.assign(mine, { id: message.id, seq: message.seq, state: mine.state === 'sending' ? 'sent' : mine.state });
        this.advanceSynced();
        return;
      }
    }
    const known = this.received.get(message.id);
    this.received.set(message.id, {
      key: message.id,
      id: message.id,
      seq: message.seq,
      own: message.role === 'visitor',
      text: message.message ?? '',
      deleted: message.deleted,
      timestamp: message.timestamp,
      state: message.role === 'visitor' ? 'sent' : undefined,
    });
    this.advanceSynced();
    if (!known && message.role === 'seller') {
      this.sellerTyping = false;
      if (this.panelOpen) this.sendReadReceipt();
      else this.unseen++;
    }
  }

  private acked(frame: Frame): void {
    const message = this.outbox.get(String(frame.clientMessageId));
    if (!message) return;
    message.id = String(frame.id);
    message.seq = Number(frame.seq);
    message.state = frame.delivered ? 'delivered' : 'sent';
    message.error = undefined;
    if (typeof frame.timestamp === 'string') message.timestamp = frame.timestamp;
    this.advanceSynced();
    if (!this.contactId && typeof frame.contact_id === 'string') this.chatOpened(frame.contact_id, 'assigned', undefined);
  }

  private refused(frame: Frame): void {
    const error = frame.error as { code?: string; message?: string; retryAfter?: number } | undefined;
    const message = typeof frame.clientMessageId === 'string' ? this.outbox.get(frame.clientMessageId) : undefined;
    if (!message) {
      this.notice = error?.message ?? 'Something went wrong.';
      // with no chat yet, the refused frame was the InitChat: back to the form, which shows why
      if (this.stage === 'chat' && !this.contactId) this.stage = 'intro';
      return;
    }
    if (error?.code === 'RATE_LIMITED' || error?.code === 'INTERNAL') {
      message.sentAt = undefined;
      message.retryAt = Date.now() + (error.retryAfter ?? 2) * 1000;
      return;
    }
    message.state = 'failed';
    message.error = error?.message ?? 'not sent';
  }

  private markDeleted(id: string): void {
    const message = this.received.get(id) ?? [...this.outbox.values()].find((m) => m.id === id);
    if (message) Object.assign(message, { deleted: true, text: '' });
  }

  private sendReadReceipt(): void {
    if (!this.contactId || document.visibilityState === 'hidden') return;
    let upToSeq = 0;
    for (const message of this.received.values()) if (!message.own && message.seq) upToSeq = Math.max(upToSeq, message.seq);
    if (upToSeq <= this.readSent) return;
    if (this.socket.send({ action: 'read', contact_id: this.contactId, upToSeq })) this.readSent = upToSeq;
  }

  // ---- sending ----

  /** Sends what is due: every unsent or timed-out message, over the socket if up, else one at a time over REST. */
  private flushOutbox(): void {
    const now = Date.now();
    const due = [...this.outbox.values()].filter(
      (m) => m.state === 'sending' && (m.sentAt === undefined || now - m.sentAt > ACK_TIMEOUT_MS) && (m.retryAt ?? 0) <= now,
    );
    if (due.length === 0 || this.stage === 'ended') return;
    if (this.socket.up) {
      // before the chat exists, the InitChat ack brings the contact id; sending now would open a second path
      if (!this.contactId) return;
      for (const message of due) {
        message.sentAt = now;
        this.socket.send({
          action: 'sendMessage',
          type: 'message',
          to: this.config.sellerId,
          contact_id: this.contactId,
          message: message.text,
          clientMessageId: message.clientMessageId,
        });
      }
      return;
    }
    if (due[0]) void this.sendOverRest(due[0]);
  }

  private async sendOverRest(message: Outgoing): Promise<void> {
    if (this.restBusy) return;
    this.restBusy = true;
    message.sentAt = Date.now();
    const token = this.visitorToken;
    try {
      const answer = await requestJson<{ id: string; seq: number; contact_id: string; visitorToken: string; delivered: boolean; status: ContactStatus }>(
        this.config.apiUrl,
        '/sendmessage',
        {
          method: 'POST',
          token: this.contactId ? token : undefined,
          body: {
            sellerId: this.config.sellerId,
            message: message.text,
            clientMessageId: message.clientMessageId,
            deviceId: this.deviceId,
            ...(this.contactId ? { contact_id: this.contactId } : { userInfo: { ...this.profile } }),
          },
        },
      );
      message.id = answer.id;
      message.seq = answer.seq;
      message.state = answer.delivered ? 'delivered' : 'sent';
      message.error = undefined;
      if (this.link !== 'live') this.link = 'fallback';
      this.chatOpened(answer.contact_id, answer.status, answer.visitorToken);
    } catch (error) {
      this.httpFailed(error, message);
    } finally {
      this.restBusy = false;
      this.changed();
    }
    // the next queued message follows at once rather than on the next tick
    this.flushOutbox();
  }

  /** The network itself, a 429 or a 5xx: the message stays and goes again; any other refusal is final. */
  private httpFailed(error: unknown, message?: Outgoing): void {
    const unreachable = !(error instanceof HttpError);
    if (unreachable && this.link !== 'live') this.link = 'offline';
    if (!message) return;
    if (unreachable || error.status === 429 || error.status >= 500) {
      message.sentAt = undefined;
      message.retryAt = Date.now() + RETRY_AFTER_MS;
      return;
    }
    message.state = 'failed';
    message.error = error.message;
  }

  // ---- HTTP sync (history on load, polling while the socket is down) ----

  private startPolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => void this.syncOverHttp(), POLL_EVERY_MS);
  }

  private stopPolling(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  /** Every message after what we surely have (the messages endpoint, page by page), then the chat's status and read marks. */
  private async syncOverHttp(): Promise<void> {
    const token = this.visitorToken;
    const contactId = this.contactId;
    if (!contactId || !token) return;
    const path = `/v1/contacts/${encodeURIComponent(contactId)}`;
    try {
      // a few seqs of overlap: a seq is taken a moment before its message is stored, so a read can see 7 before 6
      let after: number | null = Math.max(0, this.syncedSeq - SEQ_OVERLAP);
      while (after !== null) {
        const page: MessagePage = await requestJson<MessagePage>(this.config.apiUrl, `${path}/messages?after=${after}&limit=100`, { token });
        if (contactId !== this.contactId) return;
        for (const message of page.messages) this.addReceived(message);
        this.advanceSynced(page.lastSeq);
        after = page.nextAfter;
      }
      const contact = await requestJson<ContactSummary>(this.config.apiUrl, path, { token });
      if (contactId !== this.contactId) return;
      this.sellerReadSeq = Math.max(this.sellerReadSeq, contact.read?.seller ?? 0);
      if (contact.status !== this.status) this.applyStatus(contact.status);
      if (this.link === 'offline') this.link = 'fallback';
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.status === 401 || error.status === 403)) {
        // the chat is gone (deleted) or the token no longer fits: start over
        this.newChat();
        return;
      }
      this.httpFailed(error);
    }
    this.changed();
  }

  /**
   * `syncedSeq` is the seq up to which we hold every message: moved by complete reads (a page of the
   * messages endpoint, a resume) and by messages that arrive right after it. An ack of our own seq 6
   * says nothing about the seller's seq 5, so polls and resumes start from here, never from the highest seq.
   */
  private advanceSynced(upTo = 0): void {
    const known = new Set<number>();
    for (const message of [...this.received.values(), ...this.outbox.values()]) if (message.seq !== undefined) known.add(message.seq);
    this.syncedSeq = Math.max(this.syncedSeq, upTo);
    while (known.has(this.syncedSeq + 1)) this.syncedSeq++;
  }

  private withReadState(message: ShownMessage): ShownMessage {
    if (!message.own || message.seq === undefined || message.seq > this.sellerReadSeq) return message;
    return { ...message, state: 'read' };
  }

  private save(): void {
    this.storage.saveChat({ contactId: this.contactId, visitorToken: this.visitorToken, profile: this.profile });
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
