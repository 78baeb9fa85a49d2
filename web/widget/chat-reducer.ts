/**
 * What happens to the visitor's chat, as a pure function: the state and one event (a server frame,
 * the socket going up or down, the visitor's action, an HTTP answer, a timer) give the next state
 * and the effects to run (frames to send, requests, timers, saving). No DOM, no clock, no socket:
 * the session runs the effects and feeds their outcomes back as events.
 *
 * The server's frames are in frames.ts, the work they share with the visitor's actions in step.ts,
 * and our messages until the server has them in outbox.ts. Nothing is lost and nothing is shown
 * twice: every message is resent until acked, and received messages are keyed by id.
 */
import type { HttpRefusal } from '../shared/http';
import type { ClientFrame, ContactView, MessagePage, RestSendAnswer, SendMessageRequest, ServerFrame } from '../shared/protocol';
import { copyState, type Profile, type SavedChat, type WidgetState } from './chat-state';
import { applyFrame } from './frames';
import { flushOutbox, httpFailed, restFailed, restSent } from './outbox';
import { Step } from './step';

export type WidgetTimer = 'outboxFlush' | 'poll' | 'typingIdle' | 'sellerTyping';

export type WidgetEvent =
  /** the page loaded */
  | { type: 'started' }
  | { type: 'panelToggled'; open: boolean }
  | { type: 'chatStarted'; profile: Profile }
  | { type: 'newChatRequested' }
  /** the visitor left an email to be answered at */
  | { type: 'emailGiven'; email: string }
  | { type: 'messageWritten'; text: string; clientMessageId: string }
  | { type: 'keystroke' }
  | { type: 'socketUp' }
  /** also for every failed attempt while the socket stays down */
  | { type: 'socketDown' }
  | { type: 'frame'; frame: ServerFrame }
  | { type: 'readSent'; upToSeq: number }
  | { type: 'restSent'; clientMessageId: string; answer: RestSendAnswer }
  | { type: 'restFailed'; clientMessageId: string; refusal: HttpRefusal | null }
  | { type: 'historyPage'; page: MessagePage }
  | { type: 'contactRead'; contact: ContactView }
  | { type: 'syncFailed'; refusal: HttpRefusal | null }
  | { type: 'outboxDue' }
  | { type: 'pollDue' }
  | { type: 'typingIdle' }
  | { type: 'sellerTypingExpired' };

export type WidgetEffect =
  /** open the socket; it then comes back by itself */
  | { kind: 'connect' }
  | { kind: 'send'; frame: ClientFrame }
  /** sent only while the page is visible and the socket is up; `readSent` reports that it went */
  | { kind: 'readReceipt'; contactId: string; upToSeq: number }
  /** `POST /sendmessage`; answers with `restSent` or `restFailed` */
  | { kind: 'restSend'; clientMessageId: string; token: string | undefined; body: SendMessageRequest }
  /** the messages after `afterSeq` page by page (`historyPage`), then the contact (`contactRead`), or `syncFailed` */
  | { kind: 'sync'; contactId: string; token: string; afterSeq: number }
  | { kind: 'save'; chat: SavedChat }
  | { kind: 'startTimer'; timer: WidgetTimer }
  | { kind: 'stopTimer'; timer: WidgetTimer };

/** The next state and the effects of `event`; `state` itself is left as it was. `now` is the time in ms. */
export function reduce(state: WidgetState, event: WidgetEvent, now: number): { state: WidgetState; effects: WidgetEffect[] } {
  const step = new Step(copyState(state), now);
  apply(step, event);
  return { state: step.state, effects: step.effects };
}

function apply(step: Step, event: WidgetEvent): void {
  const s = step.state;
  switch (event.type) {
    case 'started':
      // a page with a chat in progress connects at once; otherwise the first opening of the panel does
      if (s.contactId) {
        step.effects.push({ kind: 'connect' });
        step.sync();
      }
      return;
    case 'panelToggled':
      s.panelOpen = event.open;
      if (event.open) {
        step.effects.push({ kind: 'connect' });
        s.unseen = 0;
        step.sendReadReceipt();
      }
      return;
    case 'chatStarted':
      s.profile = event.profile;
      s.stage = 'chat';
      s.notice = '';
      step.save();
      // without a socket the first message starts the chat over REST (with this profile)
      return step.send({ action: 'InitChat', sellerId: s.sellerId, userInfo: { ...event.profile } });
    case 'newChatRequested':
      return step.newChat();
    case 'emailGiven':
      if (!s.contactId) return;
      return step.send({ action: 'leaveEmail', contact_id: s.contactId, email: event.email });
    case 'messageWritten':
      s.outbox.set(event.clientMessageId, {
        key: event.clientMessageId,
        clientMessageId: event.clientMessageId,
        own: true,
        text: event.text,
        timestamp: new Date(step.now).toISOString(),
        state: 'sending',
      });
      step.stopTyping();
      return flushOutbox(step);
    case 'keystroke':
      return step.typing();
    case 'typingIdle':
      return step.stopTyping();
    case 'socketUp':
      s.link = 'live';
      step.stopTimer('poll');
      // the form was sent while the socket was down, and no message has started the chat over REST yet
      if (s.stage === 'chat' && !s.contactId && s.profile) step.send({ action: 'InitChat', sellerId: s.sellerId, userInfo: { ...s.profile } });
      if (s.contactId) step.send({ action: 'resume', contact_id: s.contactId, afterSeq: s.syncedSeq });
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
      step.startTimer('poll');
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
      return step.sync();
    case 'historyPage':
      for (const message of event.page.messages) step.addReceived(message);
      return step.advanceSynced(event.page.lastSeq);
    case 'contactRead':
      s.sellerReadSeq = Math.max(s.sellerReadSeq, event.contact.read.seller);
      if (event.contact.status !== s.status) step.applyStatus(event.contact.status);
      if (s.link === 'offline') s.link = 'fallback';
      return;
    case 'syncFailed':
      // the chat is gone (deleted) or the token no longer fits: start over
      if (event.refusal && [401, 403, 404].includes(event.refusal.status)) return step.newChat();
      return httpFailed(step, event.refusal);
    case 'sellerTypingExpired':
      s.sellerTyping = false;
      return;
  }
}
