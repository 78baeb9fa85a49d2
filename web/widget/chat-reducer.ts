/**
 * What happens to the visitor's chat, as a pure function: the state and one event (a server frame,
 * the socket going up or down, the visitor's action, an HTTP answer, a timer) give the next state
 * and the effects to run (frames to send, requests, timers, saving). No DOM, no clock, no socket:
 * the widget's runtime runs the effects and feeds their outcomes back as events.
 *
 * The events and effects are in events.ts, the server's frames in frames.ts, the work they share
 * with the visitor's actions in chat-operations.ts, and our messages until the server has them in
 * outbox.ts. Nothing is lost and nothing is shown twice: every message is resent until acked, and
 * received messages are keyed by id.
 */
import { recordEffects } from '../shared/effect-recorder';
import { addReceived, advanceSynced, applyStatus, askForHuman, newChat, saveChat, sendReadReceipt, stopTyping, sync, typing } from './chat-operations';
import { copyState, type WidgetState } from './chat-state';
import type { WidgetEffect, WidgetEvent, WidgetStep } from './events';
import { applyFrame } from './frames';
import { flushOutbox, httpFailed, restFailed, restSent } from './outbox';

/** The next state and the effects of `event`; `state` itself is left as it was. `now` is the time in ms. */
export function reduce(state: WidgetState, event: WidgetEvent, now: number): { state: WidgetState; effects: WidgetEffect[] } {
  return recordEffects<WidgetState, WidgetEffect>(copyState(state), now, (step) => apply(step, event));
}

function apply(step: WidgetStep, event: WidgetEvent): void {
  const s = step.state;
  switch (event.type) {
    case 'started':
      // a page with a chat in progress connects at once; otherwise the first opening of the panel does
      if (s.contactId) {
        step.record({ kind: 'connect' });
        sync(step);
      }
      return;
    case 'panelToggled':
      s.panelOpen = event.open;
      if (event.open) {
        step.record({ kind: 'connect' });
        s.unseen = 0;
        sendReadReceipt(step);
      }
      return;
    case 'chatStarted':
      s.profile = event.profile;
      s.stage = 'chat';
      s.notice = '';
      saveChat(step);
      // without a socket the first message starts the chat over REST (with this profile)
      return step.record({ kind: 'send', frame: { action: 'InitChat', sellerId: s.sellerId, userInfo: { ...event.profile } } });
    case 'newChatRequested':
      return newChat(step);
    case 'emailGiven':
      if (!s.contactId) return;
      return step.record({ kind: 'send', frame: { action: 'leaveEmail', contact_id: s.contactId, email: event.email } });
    case 'messageWritten':
      s.outbox.set(event.clientMessageId, {
        key: event.clientMessageId,
        clientMessageId: event.clientMessageId,
        own: true,
        text: event.text,
        ...(event.attachments ? { attachments: event.attachments } : {}),
        timestamp: new Date(step.now).toISOString(),
        state: 'sending',
      });
      stopTyping(step);
      return flushOutbox(step);
    case 'keystroke':
      return typing(step);
    case 'humanRequested':
      return askForHuman(step);
    case 'typingIdle':
      return stopTyping(step);
    case 'socketUp':
      s.link = 'live';
      step.record({ kind: 'stopTimer', timer: 'poll' });
      // the form was sent while the socket was down, and no message has started the chat over REST yet
      if (s.stage === 'chat' && !s.contactId && s.profile) {
        step.record({ kind: 'send', frame: { action: 'InitChat', sellerId: s.sellerId, userInfo: { ...s.profile } } });
      }
      if (s.contactId) step.record({ kind: 'send', frame: { action: 'resume', contact_id: s.contactId, afterSeq: s.syncedSeq } });
      // "Talk to a person" goes over the socket only: pressed while it was down, it goes now
      if (s.humanAsked) askForHuman(step);
      // whatever went out before the drop and was never acked goes again; the server drops repeats
      for (const message of s.outbox.values()) if (message.state === 'sending') message.sentAt = undefined;
      return flushOutbox(step);
    case 'socketDown':
      if (s.link === 'live' || s.link === 'connecting') {
        s.link = 'fallback';
        // what went over the socket and was never acked goes again over REST; the server drops repeats
        for (const message of s.outbox.values()) if (message.state === 'sending') message.sentAt = undefined;
      }
      s.sellerTyping = false;
      step.record({ kind: 'startTimer', timer: 'poll' });
      return flushOutbox(step);
    case 'frame':
      return applyFrame(step, event.frame);
    case 'readSent':
      s.readSent = event.upToSeq;
      return;
    case 'restSent':
      return restSent(step, event.clientMessageId, event.answer);
    case 'restFailed':
      return restFailed(step, event.clientMessageId, event.refusal);
    case 'outboxDue':
      return flushOutbox(step);
    case 'pollDue':
      return sync(step);
    case 'historyPage':
      for (const message of event.page.messages) addReceived(step, message);
      return advanceSynced(step, event.page.lastSeq);
    case 'contactRead':
      s.sellerReadSeq = Math.max(s.sellerReadSeq, event.contact.read.seller);
      if (event.contact.status !== s.status) applyStatus(step, event.contact.status);
      if (s.link === 'offline') s.link = 'fallback';
      return;
    case 'syncFailed':
      // the chat is gone (deleted) or the token no longer fits: start over
      if (event.refusal && [401, 403, 404].includes(event.refusal.status)) return newChat(step);
      return httpFailed(step, event.refusal);
    case 'sellerTypingExpired':
      s.sellerTyping = false;
      return;
    case 'answerStalled':
      s.answers.clear();
      return;
  }
}
