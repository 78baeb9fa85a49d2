/**
 * One event's work on a copy of the dashboard's state: the changes that frames and the seller's
 * actions have in common, each recorded as state plus the effects it asks for.
 */
import type { ClientFrame } from '../shared/protocol';
import { tick } from './chat-entries';
import type { DashboardEffect, DashboardEvent, DashboardTimer } from './reducer';
import { canReply, isParty, openEntry, type DashboardState, type PendingReply } from './state';

/** The seller's typing: `start` again after this long while still typing. */
const TYPING_REFRESH_MS = 4000;

export class Step {
  readonly effects: DashboardEffect[] = [];

  constructor(
    readonly state: DashboardState,
    /** the time in ms */
    readonly now: number,
  ) {}

  /** A frame for the socket; `ifSent` and `ifNotSent` are fed back once it is known whether it went. */
  send(frame: ClientFrame, outcome: { ifSent?: DashboardEvent; ifNotSent?: DashboardEvent } = {}): void {
    this.effects.push({ kind: 'send', frame, ...outcome });
  }

  startTimer(timer: DashboardTimer, delayMs?: number): void {
    this.effects.push({ kind: 'startTimer', timer, delayMs });
  }

  stopTimer(timer: DashboardTimer): void {
    this.effects.push({ kind: 'stopTimer', timer });
  }

  /** Lifecycle frames come in bursts (assigned + transferred + queued): one list reload, a moment later, for all. */
  scheduleReload(delayMs?: number): void {
    this.startTimer('reload', delayMs);
  }

  /** All three lists, now; only the newest reload's answer is applied. */
  reloadLists(): void {
    const s = this.state;
    this.effects.push({ kind: 'loadLists', generation: ++s.reloadGeneration, startedAt: tick(s) });
  }

  /** Opens a chat (or reads the open one again): contact and newest messages, merged into what is shown. */
  open(contactId: string): void {
    const s = this.state;
    let conversation = s.conversation;
    if (conversation?.contactId !== contactId) {
      this.stopTyping();
      this.stopTimer('visitorTyping');
      conversation = { contactId, serial: tick(s), messages: new Map(), loaded: false, hasEarlier: false, loadingEarlier: false, visitorTyping: false };
      s.conversation = conversation;
      this.effects.push({ kind: 'showInAddress', contactId });
    }
    this.effects.push({ kind: 'loadContact', contactId, serial: conversation.serial, readAt: tick(s) });
  }

  /** While the open chat is on screen, the visitor's messages in it count as read. */
  markRead(): void {
    const s = this.state;
    const conversation = s.conversation;
    const entry = openEntry(s);
    if (!conversation?.loaded || !entry || !isParty(s, entry)) return;
    let highest = 0;
    for (const message of conversation.messages.values()) if (message.role === 'visitor') highest = Math.max(highest, message.seq);
    if (highest > entry.sellerRead) this.effects.push({ kind: 'markRead', contactId: entry.id, upToSeq: highest });
  }

  /** The visitor's typing indicator in the open chat; it goes away by itself if no `stop` comes. */
  setVisitorTyping(typing: boolean): void {
    const conversation = this.state.conversation;
    this.stopTimer('visitorTyping');
    if (!conversation) return;
    conversation.visitorTyping = typing;
    if (typing) this.startTimer('visitorTyping');
  }

  /** A reply to the open chat, if this seller may write there. */
  writeReply(text: string, clientMessageId: string): void {
    const s = this.state;
    const entry = openEntry(s);
    if (!entry || !canReply(s, entry)) return;
    const reply = { clientMessageId, contactId: entry.id, to: entry.visitorId, text, createdAt: new Date(this.now).toISOString(), state: 'sending' as const };
    s.pending.set(clientMessageId, reply);
    this.transmit(reply);
    this.stopTyping();
  }

  /** Sends a reply; one that cannot go now waits for the socket, whose next `up` sends it. */
  transmit(reply: PendingReply): void {
    reply.state = 'sending';
    this.send(
      { action: 'sendMessage', to: reply.to, contact_id: reply.contactId, message: reply.text, clientMessageId: reply.clientMessageId },
      { ifNotSent: { type: 'replyWaiting', clientMessageId: reply.clientMessageId } },
    );
  }

  /** On every keystroke in the reply box: `start` when typing begins and every few seconds after; `stop` after a pause. */
  typing(): void {
    const s = this.state;
    const entry = openEntry(s);
    if (!entry || !canReply(s, entry)) return;
    if (s.typingContact !== entry.id) this.stopTyping();
    if (s.typingContact !== entry.id || this.now - s.typingSentAt > TYPING_REFRESH_MS) {
      this.send({ action: 'typing', contact_id: entry.id, state: 'start' }, { ifSent: { type: 'typingStarted', contactId: entry.id, at: this.now } });
    }
    this.startTimer('typingIdle');
  }

  /** The seller stopped typing (or left the chat): `stop` where a `start` went, if the chat still takes it. */
  stopTyping(): void {
    const s = this.state;
    this.stopTimer('typingIdle');
    const contactId = s.typingContact;
    s.typingContact = undefined;
    if (contactId && s.contacts.get(contactId)?.status === 'assigned') this.send({ action: 'typing', contact_id: contactId, state: 'stop' });
  }
}
