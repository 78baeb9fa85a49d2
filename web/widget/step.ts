/**
 * One event's work on a copy of the widget's state: the changes that frames, the visitor's actions
 * and HTTP answers have in common, each recorded as state plus the effects it asks for.
 */
import type { ChatMessageFrame, ClientFrame, ContactStatus } from '../shared/protocol';
import type { WidgetState } from './chat-state';
import type { WidgetEffect, WidgetTimer } from './chat-reducer';
import { flushOutbox } from './outbox';

/** While the visitor types, `typing start` goes again after this long. */
const TYPING_START_EVERY_MS = 3000;
/** Polls read again this many seqs below what we hold (see `sync`). */
const SEQ_OVERLAP = 5;

export class Step {
  readonly effects: WidgetEffect[] = [];

  constructor(
    readonly state: WidgetState,
    /** the time in ms */
    readonly now: number,
  ) {}

  send(frame: ClientFrame): void {
    this.effects.push({ kind: 'send', frame });
  }

  save(): void {
    const { contactId, visitorToken, profile, waiting, emailLeft } = this.state;
    this.effects.push({ kind: 'save', chat: { contactId, visitorToken, profile, waiting, emailLeft } });
  }

  startTimer(timer: WidgetTimer): void {
    this.effects.push({ kind: 'startTimer', timer });
  }

  stopTimer(timer: WidgetTimer): void {
    this.effects.push({ kind: 'stopTimer', timer });
  }

  /** The server named our chat (an InitChat ack, a REST answer, the first ack): keep it, read its history, send what waited. */
  chatOpened(contactId: string, status: ContactStatus, visitorToken: string | undefined): void {
    const s = this.state;
    const isNew = s.contactId !== contactId;
    if (isNew || (visitorToken && visitorToken !== s.visitorToken)) {
      s.contactId = contactId;
      s.visitorToken = visitorToken ?? s.visitorToken;
      this.save();
    }
    // the chat may have history (InitChat returns an open chat of this device)
    if (isNew) this.sync();
    s.stage = 'chat';
    this.applyStatus(status);
    flushOutbox(this);
  }

  /** Back to the form with the profile kept: after an ended chat, or one the server no longer knows. */
  newChat(): void {
    const s = this.state;
    s.contactId = undefined;
    s.visitorToken = undefined;
    s.status = undefined;
    s.received.clear();
    s.outbox.clear();
    s.sellerReadSeq = s.readSent = s.syncedSeq = 0;
    s.stage = 'intro';
    s.notice = '';
    s.waiting = s.emailLeft = undefined;
    this.save();
  }

  applyStatus(status: ContactStatus): void {
    this.state.status = status;
    if (status === 'ended') this.chatEnded();
  }

  chatEnded(): void {
    const s = this.state;
    s.status = 'ended';
    s.stage = 'ended';
    s.sellerTyping = false;
    s.notice = 'This chat has ended.';
    for (const message of s.outbox.values()) {
      if (message.state === 'sending') Object.assign(message, { state: 'failed', error: 'not sent: the chat has ended' });
    }
  }

  /** A stored message, live or from a history page: shown once, by id; our own marks its outbox entry sent. */
  addReceived(message: ChatMessageFrame): void {
    const s = this.state;
    if (s.contactId && message.contact_id !== s.contactId) return;
    if (message.role === 'visitor') {
      // our own message, stored: from another tab, a resume, or a poll
      const mine = message.clientMessageId ? s.outbox.get(message.clientMessageId) : undefined;
      if (mine) {
        Object.assign(mine, { id: message.id, seq: message.seq, state: mine.state === 'sending' ? 'sent' : mine.state });
        return this.advanceSynced();
      }
    }
    const known = s.received.has(message.id);
    s.received.set(message.id, {
      key: message.id,
      id: message.id,
      seq: message.seq,
      own: message.role === 'visitor',
      // a deleted message comes without its text
      text: 'message' in message ? message.message : '',
      deleted: 'deleted' in message || undefined,
      timestamp: message.timestamp,
      state: message.role === 'visitor' ? 'sent' : undefined,
    });
    this.advanceSynced();
    if (!known && message.role === 'seller') {
      s.sellerTyping = false;
      if (s.panelOpen) this.sendReadReceipt();
      else s.unseen++;
    }
  }

  /** Up to the seller's newest message, unless a receipt already covered it. */
  sendReadReceipt(): void {
    const s = this.state;
    if (!s.contactId) return;
    let upToSeq = 0;
    for (const message of s.received.values()) if (!message.own && message.seq) upToSeq = Math.max(upToSeq, message.seq);
    if (upToSeq > s.readSent) this.effects.push({ kind: 'readReceipt', contactId: s.contactId, upToSeq });
  }

  /** On every keystroke in the composer: one `typing start` per few seconds, `stop` when idle. */
  typing(): void {
    const s = this.state;
    if (!s.contactId) return;
    if (this.now - s.typingSentAt > TYPING_START_EVERY_MS) {
      s.typingSentAt = this.now;
      this.send({ action: 'typing', contact_id: s.contactId, state: 'start' });
    }
    this.startTimer('typingIdle');
  }

  stopTyping(): void {
    const s = this.state;
    this.stopTimer('typingIdle');
    if (!s.typingSentAt || !s.contactId) return;
    s.typingSentAt = 0;
    this.send({ action: 'typing', contact_id: s.contactId, state: 'stop' });
  }

  /** History over HTTP (on load, and polling while the socket is down): every message after what we surely have, then the chat's status and read marks. */
  sync(): void {
    const s = this.state;
    if (!s.contactId || !s.visitorToken) return;
    // a few seqs of overlap: a seq is taken a moment before its message is stored, so a read can see 7 before 6
    this.effects.push({ kind: 'sync', contactId: s.contactId, token: s.visitorToken, afterSeq: Math.max(0, s.syncedSeq - SEQ_OVERLAP) });
  }

  /**
   * `syncedSeq` is the seq up to which we hold every message: moved by complete reads (a page of the
   * messages endpoint, a resume) and by messages that arrive right after it. An ack of our own seq 6
   * says nothing about the seller's seq 5, so polls and resumes start from here, never from the highest seq.
   */
  advanceSynced(upTo = 0): void {
    const s = this.state;
    const known = new Set<number>();
    for (const message of [...s.received.values(), ...s.outbox.values()]) if (message.seq !== undefined) known.add(message.seq);
    s.syncedSeq = Math.max(s.syncedSeq, upTo);
    while (known.has(s.syncedSeq + 1)) s.syncedSeq++;
  }
}
