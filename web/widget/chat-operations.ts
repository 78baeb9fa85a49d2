/**
 * The visitor's chat, as operations on one event's step: opened, ended or started afresh, its
 * status, the messages received and read, the visitor's typing, and reading its history over HTTP.
 * What frames, the visitor's actions and HTTP answers have in common; each changes the step's
 * state and records the effects it asks for. Our own messages on their way are in outbox.ts.
 */
import type { ChatMessageFrame, ContactStatus } from '../shared/protocol';
import type { WidgetStep } from './events';

/** While the visitor types, `typing start` goes again after this long. */
const TYPING_START_EVERY_MS = 3000;
/** Polls read again this many seqs below what we hold (see `sync`). */
const SEQ_OVERLAP = 5;

/** What a reload needs of the chat, into localStorage. */
export function saveChat(step: WidgetStep): void {
  const { contactId, visitorToken, profile, waiting, emailLeft, handoff, assistant } = step.state;
  step.record({ kind: 'save', chat: { contactId, visitorToken, profile, waiting, emailLeft, handoff, assistant: assistant || undefined } });
}

/**
 * The server named our chat (an InitChat ack, a REST answer, the first ack): keep it and read its
 * history. The caller then sends what waited for it (`flushOutbox`).
 */
export function chatOpened(step: WidgetStep, contactId: string, status: ContactStatus, visitorToken: string | undefined): void {
  const s = step.state;
  const isNew = s.contactId !== contactId;
  if (isNew || (visitorToken && visitorToken !== s.visitorToken)) {
    s.contactId = contactId;
    s.visitorToken = visitorToken ?? s.visitorToken;
    saveChat(step);
  }
  // the chat may have history (InitChat returns an open chat of this device)
  if (isNew) sync(step);
  s.stage = 'chat';
  applyStatus(step, status);
}

/** Back to the form with the profile kept: after an ended chat, or one the server no longer knows. */
export function newChat(step: WidgetStep): void {
  const s = step.state;
  s.contactId = undefined;
  s.visitorToken = undefined;
  s.status = undefined;
  s.received.clear();
  s.outbox.clear();
  s.sellerReadSeq = s.readSent = s.syncedSeq = 0;
  s.stage = 'intro';
  s.notice = '';
  s.waiting = s.emailLeft = s.handoff = undefined;
  s.assistant = s.humanAsked = false;
  dropAnswers(step);
  saveChat(step);
}

export function applyStatus(step: WidgetStep, status: ContactStatus): void {
  step.state.status = status;
  if (status === 'ended') chatEnded(step);
}

export function chatEnded(step: WidgetStep): void {
  const s = step.state;
  s.status = 'ended';
  s.stage = 'ended';
  s.sellerTyping = false;
  s.notice = 'This chat has ended.';
  dropAnswers(step);
  for (const message of s.outbox.values()) {
    if (message.state === 'sending') Object.assign(message, { state: 'failed', error: 'not sent: the chat has ended' });
  }
}

/** A stored message, live or from a history page: shown once, by id; our own marks its outbox entry sent. */
export function addReceived(step: WidgetStep, message: ChatMessageFrame): void {
  const s = step.state;
  if (s.contactId && message.contact_id !== s.contactId) return;
  if (message.role === 'visitor') {
    // our own message, stored: from another tab, a resume, or a poll
    const mine = message.clientMessageId ? s.outbox.get(message.clientMessageId) : undefined;
    if (mine) {
      Object.assign(mine, { id: message.id, seq: message.seq, state: mine.state === 'sending' ? 'sent' : mine.state });
      return advanceSynced(step);
    }
  }
  const known = s.received.has(message.id);
  const fromAssistant = message.role === 'assistant';
  // the stored answer replaces the one being written
  if (message.answerId && s.answers.delete(message.answerId) && !s.answers.size) step.record({ kind: 'stopTimer', timer: 'answerStalled' });
  s.received.set(message.id, {
    key: message.id,
    id: message.id,
    seq: message.seq,
    own: message.role === 'visitor',
    // a deleted message comes without its text; one with files has the sender's own in `text`
    text: 'message' in message ? (message.text ?? message.message) : '',
    ...('attachments' in message && message.attachments ? { attachments: message.attachments } : {}),
    deleted: 'deleted' in message || undefined,
    timestamp: message.timestamp,
    state: message.role === 'visitor' ? 'sent' : undefined,
    ...(fromAssistant ? { assistant: true, answerId: message.answerId, citations: message.citations ?? [] } : {}),
  });
  advanceSynced(step);
  if (!known && (message.role === 'seller' || fromAssistant)) {
    s.sellerTyping = false;
    if (s.panelOpen) sendReadReceipt(step);
    else s.unseen++;
  }
}

/**
 * A piece of an answer the shop's assistant is writing: added to its answer's text (shown as text,
 * never HTML). A delta of an answer already stored is late and dropped; an answer whose deltas stop
 * without its message (the answering function failed) goes after a while.
 */
export function answerDelta(step: WidgetStep, answerId: string, delta: string): void {
  const s = step.state;
  // a late delta of an ended chat, or of an answer already stored
  if (s.stage !== 'chat' || [...s.received.values()].some((message) => message.answerId === answerId)) return;
  const answer = s.answers.get(answerId);
  if (answer) answer.text += delta;
  else s.answers.set(answerId, { text: delta, startedAt: new Date(step.now).toISOString() });
  // a delta says the assistant is writing, not the seller
  s.sellerTyping = false;
  step.record({ kind: 'startTimer', timer: 'answerStalled' });
}

/** Answers being written that will not be finished here: the chat ended, a seller took it, or the assistant stopped. */
export function dropAnswers(step: WidgetStep): void {
  if (!step.state.answers.size) return;
  step.state.answers.clear();
  step.record({ kind: 'stopTimer', timer: 'answerStalled' });
}

/** "Talk to a person": asks the server to stop the assistant in this chat; the answer is an `assistantHandoff`. */
export function askForHuman(step: WidgetStep): void {
  const s = step.state;
  if (!s.contactId || s.handoff) return;
  s.humanAsked = true;
  step.record({ kind: 'send', frame: { action: 'requestHuman', contact_id: s.contactId } });
}

/** Up to the seller's newest message, unless a receipt already covered it. */
export function sendReadReceipt(step: WidgetStep): void {
  const s = step.state;
  if (!s.contactId) return;
  let upToSeq = 0;
  for (const message of s.received.values()) if (!message.own && message.seq) upToSeq = Math.max(upToSeq, message.seq);
  if (upToSeq > s.readSent) step.record({ kind: 'readReceipt', contactId: s.contactId, upToSeq });
}

/** On every keystroke in the composer: one `typing start` per few seconds, `stop` when idle. */
export function typing(step: WidgetStep): void {
  const s = step.state;
  if (!s.contactId) return;
  if (step.now - s.typingSentAt > TYPING_START_EVERY_MS) {
    s.typingSentAt = step.now;
    step.record({ kind: 'send', frame: { action: 'typing', contact_id: s.contactId, state: 'start' } });
  }
  step.record({ kind: 'startTimer', timer: 'typingIdle' });
}

export function stopTyping(step: WidgetStep): void {
  const s = step.state;
  step.record({ kind: 'stopTimer', timer: 'typingIdle' });
  if (!s.typingSentAt || !s.contactId) return;
  s.typingSentAt = 0;
  step.record({ kind: 'send', frame: { action: 'typing', contact_id: s.contactId, state: 'stop' } });
}

/** History over HTTP (on load, and polling while the socket is down): every message after what we surely have, then the chat's status and read marks. */
export function sync(step: WidgetStep): void {
  const s = step.state;
  if (!s.contactId || !s.visitorToken) return;
  // a few seqs of overlap: a seq is taken a moment before its message is stored, so a read can see 7 before 6
  step.record({ kind: 'sync', contactId: s.contactId, token: s.visitorToken, afterSeq: Math.max(0, s.syncedSeq - SEQ_OVERLAP) });
}

/**
 * `syncedSeq` is the seq up to which we hold every message: moved by complete reads (a page of the
 * messages endpoint, a resume) and by messages that arrive right after it. An ack of our own seq 6
 * says nothing about the seller's seq 5, so polls and resumes start from here, never from the highest seq.
 */
export function advanceSynced(step: WidgetStep, upTo = 0): void {
  const s = step.state;
  const known = new Set<number>();
  for (const message of [...s.received.values(), ...s.outbox.values()]) if (message.seq !== undefined) known.add(message.seq);
  s.syncedSeq = Math.max(s.syncedSeq, upTo);
  while (known.has(s.syncedSeq + 1)) s.syncedSeq++;
}
