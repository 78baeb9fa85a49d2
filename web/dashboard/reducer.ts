/**
 * What happens on the dashboard, as a pure function: the state and one event (a server frame, the
 * socket going up or down, the seller's action, an API answer, a timer) give the next state and the
 * effects to run (frames, API calls, timers, a beep). No DOM, no clock, no socket: the app runs the
 * effects and feeds their outcomes back as events.
 *
 * The server's frames are in frames.ts, the work they share with the seller's actions in step.ts,
 * and how the chats merge from lists and frames in chat-entries.ts.
 */
import type { ClientFrame, ContactStatus, ContactView, ContactWithMessages, MessagePage, ServerFrame } from '../shared/protocol';
import type { TransferTarget } from './api';
import { addMessage, applyLists, upsert } from './chat-entries';
import { applyFrame, socketDown, socketUp } from './frames';
import { conversationMessage, copyState, openEntry, type DashboardState } from './state';
import { Step } from './step';

export type DashboardTimer = 'reload' | 'typingIdle' | 'visitorTyping' | 'tokenExpiry';

export type DashboardEvent =
  | { type: 'socketUp'; presence: 'online' | 'away' | undefined }
  | { type: 'socketDown' }
  | { type: 'frame'; frame: ServerFrame }
  | { type: 'openRequested'; contactId: string }
  | { type: 'contactLoaded'; serial: number; readAt: number; contact: ContactWithMessages }
  | { type: 'contactFailed'; serial: number; reason: string }
  | { type: 'reloadDue' }
  | { type: 'listsLoaded'; generation: number; startedAt: number; lists: Record<ContactStatus, ContactView[]> }
  | { type: 'listsFailed'; generation: number; reason: string }
  | { type: 'earlierRequested' }
  | { type: 'earlierLoaded'; serial: number; oldest: number; after: number; page: MessagePage }
  | { type: 'earlierFailed'; serial: number; reason: string }
  | { type: 'replyWritten'; text: string; clientMessageId: string }
  | { type: 'retryRequested'; clientMessageId: string }
  | { type: 'replyWaiting'; clientMessageId: string }
  | { type: 'keystroke' }
  | { type: 'typingStarted'; contactId: string; at: number }
  | { type: 'typingIdle' }
  | { type: 'visitorTypingExpired' }
  | { type: 'presenceRequested'; status: 'online' | 'away' }
  | { type: 'presenceNotSent' }
  | { type: 'readMarked'; contactId: string; upToSeq: number }
  /** the page became visible or got the focus */
  | { type: 'pageActivated' }
  | { type: 'tabSelected'; status: ContactStatus }
  | { type: 'noticeDismissed' }
  | { type: 'endRequested' }
  | { type: 'endSucceeded'; contact: ContactView }
  | { type: 'endFailed'; reason: string }
  | { type: 'transferStarted' }
  | { type: 'transferSucceeded'; to: TransferTarget; contact: ContactView }
  | { type: 'transferFailed'; reason: string }
  | { type: 'tokenExpired' }
  | { type: 'signedOut' };

export type DashboardEffect =
  | { kind: 'send'; frame: ClientFrame; ifSent?: DashboardEvent; ifNotSent?: DashboardEvent }
  /** the read mark, sent only while the page is visible and focused; `readMarked` reports that it went */
  | { kind: 'markRead'; contactId: string; upToSeq: number }
  /** a short tone; `onlyIfHidden`: the chat is on screen, so only when the page is hidden */
  | { kind: 'beep'; onlyIfHidden: boolean }
  /** answers with `listsLoaded` or `listsFailed` */
  | { kind: 'loadLists'; generation: number; startedAt: number }
  /** answers with `contactLoaded` or `contactFailed` */
  | { kind: 'loadContact'; contactId: string; serial: number; readAt: number }
  /** answers with `earlierLoaded` or `earlierFailed` */
  | { kind: 'loadEarlier'; contactId: string; serial: number; oldest: number; after: number; limit: number }
  /** answers with `endSucceeded` or `endFailed` */
  | { kind: 'endChat'; contactId: string }
  /** the open chat in the address, so a reload opens it again */
  | { kind: 'showInAddress'; contactId: string }
  | { kind: 'signOut'; message: string }
  | { kind: 'startTimer'; timer: DashboardTimer; delayMs?: number }
  | { kind: 'stopTimer'; timer: DashboardTimer };

/** Messages per page: the contact's newest, and each "Load earlier messages". */
const PAGE_SIZE = 20;

/** The next state and the effects of `event`; `state` itself is left as it was. `now` is the time in ms. */
export function reduce(state: DashboardState, event: DashboardEvent, now: number): { state: DashboardState; effects: DashboardEffect[] } {
  const step = new Step(copyState(state), now);
  apply(step, event);
  return { state: step.state, effects: step.effects };
}

function apply(step: Step, event: DashboardEvent): void {
  const s = step.state;
  switch (event.type) {
    case 'socketUp':
      return socketUp(step, event.presence);
    case 'socketDown':
      return socketDown(step);
    case 'frame':
      return applyFrame(step, event.frame);
    case 'openRequested':
      return step.open(event.contactId);
    case 'contactLoaded':
      return contactLoaded(step, event.serial, event.readAt, event.contact);
    case 'contactFailed': {
      const conversation = s.conversation;
      if (conversation?.serial !== event.serial) return;
      if (conversation.loaded) s.notice = `Could not refresh this chat: ${event.reason}`;
      else conversation.loadError = `Could not load this chat: ${event.reason}`;
      return;
    }
    case 'reloadDue':
      return step.reloadLists();
    case 'listsLoaded':
      if (event.generation === s.reloadGeneration) applyLists(s, event.lists, event.startedAt);
      return;
    case 'listsFailed':
      if (event.generation === s.reloadGeneration) s.notice = `Could not load the chats: ${event.reason}`;
      return;
    case 'earlierRequested':
      return requestEarlier(step);
    case 'earlierLoaded':
      return earlierLoaded(step, event.serial, event.oldest, event.after, event.page);
    case 'earlierFailed':
      s.notice = `Could not load earlier messages: ${event.reason}`;
      if (s.conversation?.serial === event.serial) s.conversation.loadingEarlier = false;
      return;
    case 'replyWritten':
      return step.writeReply(event.text, event.clientMessageId);
    case 'retryRequested': {
      const reply = s.pending.get(event.clientMessageId);
      if (!reply) return;
      reply.error = undefined;
      return step.transmit(reply);
    }
    case 'replyWaiting': {
      const reply = s.pending.get(event.clientMessageId);
      if (reply) reply.state = 'waiting';
      return;
    }
    case 'keystroke':
      return step.typing();
    case 'typingStarted':
      s.typingContact = event.contactId;
      s.typingSentAt = event.at;
      return;
    case 'typingIdle':
      return step.stopTyping();
    case 'visitorTypingExpired':
      if (s.conversation) s.conversation.visitorTyping = false;
      return;
    case 'presenceRequested':
      return step.send({ action: 'presence', status: event.status }, { ifNotSent: { type: 'presenceNotSent' } });
    case 'presenceNotSent':
      s.notice = 'Not connected: your presence cannot change until the connection is back.';
      return;
    case 'readMarked': {
      const entry = s.contacts.get(event.contactId);
      if (entry) entry.sellerRead = Math.max(entry.sellerRead, event.upToSeq);
      return;
    }
    case 'pageActivated':
      return step.markRead();
    case 'tabSelected':
      s.tab = event.status;
      return;
    case 'noticeDismissed':
      s.notice = '';
      return;
    case 'endRequested': {
      const entry = openEntry(s);
      if (entry) step.effects.push({ kind: 'endChat', contactId: entry.id });
      return;
    }
    case 'endSucceeded':
      upsert(s, event.contact);
      if (s.typingContact === event.contact.contact_id) s.typingContact = undefined;
      return step.scheduleReload();
    case 'endFailed':
      s.notice = `Could not end the chat: ${event.reason}`;
      return step.scheduleReload();
    case 'transferStarted':
      return step.stopTyping();
    case 'transferSucceeded':
      return transferred(step, event.to, event.contact);
    case 'transferFailed':
      s.notice = `Could not transfer the chat: ${event.reason}`;
      return;
    case 'tokenExpired':
      step.effects.push({ kind: 'signOut', message: 'Your token expired. Sign in again with a new one.' });
      return;
    case 'signedOut':
      s.conversation = undefined;
      s.contacts.clear();
      s.notice = '';
      return;
  }
}

/** The open chat as the API read it, merged into what is shown; an answer for an earlier opening is dropped. */
function contactLoaded(step: Step, serial: number, readAt: number, contact: ContactWithMessages): void {
  const s = step.state;
  const conversation = s.conversation;
  if (conversation?.serial !== serial) return;
  upsert(s, contact, readAt);
  for (const message of contact.messages) addMessage(s, message.contact_id, conversationMessage(message));
  if (!conversation.loaded) {
    const oldest = contact.messages[0]?.seq ?? 0;
    conversation.hasEarlier = contact.messages.length >= PAGE_SIZE && oldest > 1;
  }
  conversation.loaded = true;
  conversation.loadError = undefined;
  step.markRead();
}

/** The page before the oldest message shown, unless one is on its way. */
function requestEarlier(step: Step): void {
  const conversation = step.state.conversation;
  if (!conversation?.loaded || conversation.loadingEarlier || conversation.messages.size === 0) return;
  const oldest = Math.min(...conversation.messages.keys());
  const after = Math.max(0, oldest - (PAGE_SIZE + 1));
  conversation.loadingEarlier = true;
  step.effects.push({ kind: 'loadEarlier', contactId: conversation.contactId, serial: conversation.serial, oldest, after, limit: PAGE_SIZE });
}

/** Earlier messages, merged; "Load earlier" stays while the page brought something and seq 1 is not shown. */
function earlierLoaded(step: Step, serial: number, oldest: number, after: number, page: MessagePage): void {
  const s = step.state;
  const conversation = s.conversation;
  if (conversation?.serial !== serial) return;
  let added = 0;
  for (const message of page.messages) if (message.seq < oldest && addMessage(s, message.contact_id, conversationMessage(message))) added++;
  const newOldest = Math.min(...conversation.messages.keys());
  conversation.hasEarlier = after > 0 && added > 0 && newOldest > 1;
  conversation.loadingEarlier = false;
}

/** The seller's own transfer went through: the chat shows where it went. */
function transferred(step: Step, to: TransferTarget, contact: ContactView): void {
  const s = step.state;
  const updated = upsert(s, contact);
  if (contact.status === 'assigned' && contact.sellerId !== s.sellerId) {
    updated.status = 'elsewhere';
    updated.note = `Transferred to ${contact.sellerId ?? 'another seller'}.`;
  } else if (contact.status === 'queued') {
    updated.note = `Transferred to ${'toTeamId' in to ? to.toTeamId : to.toSellerId}: waiting in its queue.`;
  }
  step.scheduleReload();
}
