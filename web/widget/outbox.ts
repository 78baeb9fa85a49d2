/**
 * Our messages until the server has them: each is sent over the socket when it is up, else over
 * `POST /sendmessage` one at a time, and sent again until acked (the server drops repeats of a
 * clientMessageId). Works on one event's step, so it only changes state and records effects.
 */
import type { HttpRefusal } from '../shared/http';
import type { FrameOf, RestSendAnswer } from '../shared/protocol';
import { advanceSynced, chatOpened } from './chat-operations';
import type { Outgoing } from './chat-state';
import type { WidgetStep } from './events';

/** Unanswered sends go again after this long. */
const ACK_TIMEOUT_MS = 8000;
/** a REST send that failed for a reason that may pass */
const RETRY_AFTER_MS = 3000;

/** Sends what is due: every unsent or timed-out message, over the socket if up, else one at a time over REST. */
export function flushOutbox(step: WidgetStep): void {
  const s = step.state;
  const now = step.now;
  const due = [...s.outbox.values()].filter((m) => m.state === 'sending' && (m.sentAt === undefined || now - m.sentAt > ACK_TIMEOUT_MS) && (m.retryAt ?? 0) <= now);
  if (due.length === 0 || s.stage === 'ended') return;
  if (s.link === 'live') {
    // before the chat exists, the InitChat ack brings the contact id; sending now would open a second path
    if (!s.contactId) return;
    for (const message of due) {
      message.sentAt = now;
      step.record({
        kind: 'send',
        frame: { action: 'sendMessage', type: 'message', to: s.sellerId, contact_id: s.contactId, ...content(message), clientMessageId: message.clientMessageId },
      });
    }
    return;
  }
  if (due[0]) sendOverRest(step, due[0]);
}

/** What a message says: its text, its files by id, or both (files go only into a chat that exists, so contact_id is there). */
function content(message: Outgoing): { message?: string; attachments?: { attachmentId: string }[] } {
  return {
    ...(message.text ? { message: message.text } : {}),
    ...(message.attachments?.length ? { attachments: message.attachments.map((file) => ({ attachmentId: file.attachmentId })) } : {}),
  };
}

function sendOverRest(step: WidgetStep, message: Outgoing): void {
  const s = step.state;
  if (s.restBusy) return;
  s.restBusy = true;
  message.sentAt = step.now;
  step.record({
    kind: 'restSend',
    clientMessageId: message.clientMessageId,
    token: s.contactId ? s.visitorToken : undefined,
    body: {
      sellerId: s.sellerId,
      ...content(message),
      clientMessageId: message.clientMessageId,
      // without a chat, the first message starts one with the profile
      ...(s.contactId ? { contact_id: s.contactId } : { userInfo: { ...s.profile } }),
    },
  });
}

/** The answer to a REST send: the message is stored, and the chat it went to is ours. */
export function restSent(step: WidgetStep, clientMessageId: string, answer: RestSendAnswer): void {
  const s = step.state;
  const message = s.outbox.get(clientMessageId);
  if (message) Object.assign(message, { id: answer.id, seq: answer.seq, state: answer.delivered ? 'delivered' : 'sent', error: undefined });
  if (s.link !== 'live') s.link = 'fallback';
  chatOpened(step, answer.contact_id, answer.status, answer.visitorToken ?? undefined);
  s.restBusy = false;
  // what waited for the chat, and the next queued message, follow at once rather than on the next tick
  flushOutbox(step);
}

/** A REST send that failed (see `httpFailed`); the next message may go. */
export function restFailed(step: WidgetStep, clientMessageId: string, refusal: HttpRefusal | null): void {
  httpFailed(step, refusal, step.state.outbox.get(clientMessageId));
  step.state.restBusy = false;
  flushOutbox(step);
}

/** The network itself, a 429 or a 5xx: the message stays and goes again; any other refusal is final. */
export function httpFailed(step: WidgetStep, refusal: HttpRefusal | null, message?: Outgoing): void {
  const s = step.state;
  if (!refusal && s.link !== 'live') s.link = 'offline';
  if (!message) return;
  if (!refusal || refusal.status === 429 || refusal.status >= 500) {
    message.sentAt = undefined;
    message.retryAt = step.now + RETRY_AFTER_MS;
    return;
  }
  message.state = 'failed';
  message.error = refusal.message;
}

/** The socket's ack: stored (and delivered, when the seller was connected), at the server's time. */
export function acked(step: WidgetStep, frame: FrameOf<'messageAck'>): void {
  const s = step.state;
  const message = frame.clientMessageId ? s.outbox.get(frame.clientMessageId) : undefined;
  if (!message) return;
  Object.assign(message, { id: frame.id, seq: frame.seq, state: frame.delivered ? 'delivered' : 'sent', error: undefined, timestamp: frame.timestamp });
  advanceSynced(step);
  if (s.contactId) return;
  // the first ack names the chat: keep it, and send what waited for it
  chatOpened(step, frame.contact_id, 'assigned', undefined);
  flushOutbox(step);
}

/**
 * An error frame. About one of our messages: a rate limit or a server fault sends it again later,
 * another refusal is final. About nothing of the outbox: the notice says why.
 */
export function refused(step: WidgetStep, frame: FrameOf<'error'>): void {
  const s = step.state;
  const message = frame.clientMessageId ? s.outbox.get(frame.clientMessageId) : undefined;
  if (!message) {
    s.notice = frame.error.message;
    // with no chat yet, the refused frame was the InitChat: back to the form, which shows why
    if (s.stage === 'chat' && !s.contactId) s.stage = 'intro';
    return;
  }
  if (frame.error.code === 'RATE_LIMITED' || frame.error.code === 'UNAVAILABLE' || frame.error.code === 'INTERNAL') {
    message.sentAt = undefined;
    message.retryAt = step.now + (frame.error.retryAfter ?? 2) * 1000;
    return;
  }
  message.state = 'failed';
  message.error = frame.error.message;
}
