/**
 * What happens on the dashboard, as a pure function: the state and one event (a server frame, the
 * socket going up or down, the seller's action, an API answer, a timer) give the next state and the
 * effects to run (frames, API calls, timers, a beep). No DOM, no clock, no socket: the app runs the
 * effects and feeds their outcomes back as events.
 *
 * The events and effects are in events.ts, the server's frames in frames.ts, the work they share
 * with the seller's actions in chat-operations.ts, and how the chats merge from lists and frames in
 * chats.ts.
 */
import { recordEffects } from '../shared/effect-recorder';
import type { ContactView, ContactWithMessages, MessagePage } from '../shared/protocol';
import type { TransferTarget } from './api';
import { addMessage, applyLists, upsert } from './chats';
import { markRead, reloadLists, scheduleReload, showChat, stopTyping, transmit, typing, writeReply } from './chat-operations';
import type { DashboardEffect, DashboardEvent, DashboardStep } from './events';
import { applyFrame, socketDown, socketUp } from './frames';
import { copyState, openChatSummary, toChatMessage, type DashboardState } from './state';

/** Messages per page: the contact's newest, and each "Load earlier messages". */
const PAGE_SIZE = 20;

/** The next state and the effects of `event`; `state` itself is left as it was. `now` is the time in ms. */
export function reduce(state: DashboardState, event: DashboardEvent, now: number): { state: DashboardState; effects: DashboardEffect[] } {
  return recordEffects<DashboardState, DashboardEffect>(copyState(state), now, (step) => apply(step, event));
}

function apply(step: DashboardStep, event: DashboardEvent): void {
  const s = step.state;
  switch (event.type) {
    case 'socketUp':
      return socketUp(step, event.presence);
    case 'socketDown':
      return socketDown(step);
    case 'frame':
      return applyFrame(step, event.frame);
    case 'openRequested':
      return showChat(step, event.contactId);
    case 'contactLoaded':
      return contactLoaded(step, event.serial, event.readAt, event.contact);
    case 'contactFailed': {
      const open = s.openChat;
      if (open?.serial !== event.serial) return;
      if (open.loaded) s.notice = `Could not refresh this chat: ${event.reason}`;
      else open.loadError = `Could not load this chat: ${event.reason}`;
      return;
    }
    case 'reloadDue':
      return reloadLists(step);
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
      if (s.openChat?.serial === event.serial) s.openChat.loadingEarlier = false;
      return;
    case 'replyWritten':
      return writeReply(step, event.text, event.clientMessageId, event.attachments);
    case 'suggestRequested': {
      const open = s.openChat;
      if (!open) return;
      // the draft streams into the reply box; the seller edits it and sends it, or not
      open.suggestion = { serial: (open.suggestion?.serial ?? 0) + 1, text: '', done: false };
      return step.record({ kind: 'send', frame: { action: 'suggestReply', contact_id: open.contactId } });
    }
    case 'retryRequested': {
      const reply = s.pending.get(event.clientMessageId);
      if (!reply) return;
      reply.error = undefined;
      return transmit(step, reply);
    }
    case 'replyWaiting': {
      const reply = s.pending.get(event.clientMessageId);
      if (reply) reply.state = 'waiting';
      return;
    }
    case 'keystroke':
      return typing(step);
    case 'typingStarted':
      s.typingContact = event.contactId;
      s.typingSentAt = event.at;
      return;
    case 'typingIdle':
      return stopTyping(step);
    case 'visitorTypingExpired':
      if (s.openChat) s.openChat.visitorTyping = false;
      return;
    case 'presenceRequested':
      return step.record({ kind: 'send', frame: { action: 'presence', status: event.status }, ifNotSent: { type: 'presenceNotSent' } });
    case 'presenceNotSent':
      s.notice = 'Not connected: your presence cannot change until the connection is back.';
      return;
    case 'readMarked': {
      const chat = s.chats.get(event.contactId);
      if (chat) chat.sellerRead = Math.max(chat.sellerRead, event.upToSeq);
      return;
    }
    case 'pageActivated':
      return markRead(step);
    case 'tabSelected':
      s.tab = event.status;
      return;
    case 'noticeDismissed':
      s.notice = '';
      return;
    case 'endRequested': {
      const chat = openChatSummary(s);
      if (chat) step.record({ kind: 'endChat', contactId: chat.id });
      return;
    }
    case 'endSucceeded':
      upsert(s, event.contact);
      if (s.typingContact === event.contact.contact_id) s.typingContact = undefined;
      return scheduleReload(step);
    case 'endFailed':
      s.notice = `Could not end the chat: ${event.reason}`;
      return scheduleReload(step);
    case 'transferStarted':
      return stopTyping(step);
    case 'transferSucceeded':
      return transferred(step, event.to, event.contact);
    case 'transferFailed':
      s.notice = `Could not transfer the chat: ${event.reason}`;
      return;
    case 'tokenExpired':
      step.record({ kind: 'signOut', message: 'Your token expired. Sign in again with a new one.' });
      return;
    case 'signedOut':
      s.openChat = undefined;
      s.chats.clear();
      s.notice = '';
      return;
  }
}

/** The open chat as the API read it, merged into what is shown; an answer for an earlier opening is dropped. */
function contactLoaded(step: DashboardStep, serial: number, readAt: number, contact: ContactWithMessages): void {
  const s = step.state;
  const open = s.openChat;
  if (open?.serial !== serial) return;
  upsert(s, contact, readAt);
  for (const message of contact.messages) addMessage(s, message.contact_id, toChatMessage(message));
  if (contact.notes) open.notes = new Map([...(open.notes ?? []), ...contact.notes.map((note) => [note.id, note] as const)]);
  if (!open.loaded) {
    const oldest = contact.messages[0]?.seq ?? 0;
    open.hasEarlier = contact.messages.length >= PAGE_SIZE && oldest > 1;
  }
  open.loaded = true;
  open.loadError = undefined;
  markRead(step);
}

/** The page before the oldest message shown, unless one is on its way. */
function requestEarlier(step: DashboardStep): void {
  const open = step.state.openChat;
  if (!open?.loaded || open.loadingEarlier || open.messages.size === 0) return;
  const oldest = Math.min(...open.messages.keys());
  const after = Math.max(0, oldest - (PAGE_SIZE + 1));
  open.loadingEarlier = true;
  step.record({ kind: 'loadEarlier', contactId: open.contactId, serial: open.serial, oldest, after, limit: PAGE_SIZE });
}

/** Earlier messages, merged; "Load earlier" stays while the page brought something and seq 1 is not shown. */
function earlierLoaded(step: DashboardStep, serial: number, oldest: number, after: number, page: MessagePage): void {
  const s = step.state;
  const open = s.openChat;
  if (open?.serial !== serial) return;
  let added = 0;
  for (const message of page.messages) if (message.seq < oldest && addMessage(s, message.contact_id, toChatMessage(message))) added++;
  const newOldest = Math.min(...open.messages.keys());
  open.hasEarlier = after > 0 && added > 0 && newOldest > 1;
  open.loadingEarlier = false;
}

/** The seller's own transfer went through: the chat shows where it went. */
function transferred(step: DashboardStep, to: TransferTarget, contact: ContactView): void {
  const s = step.state;
  const updated = upsert(s, contact);
  if (contact.status === 'assigned' && contact.sellerId !== s.sellerId) {
    updated.status = 'elsewhere';
    updated.note = `Transferred to ${contact.sellerId ?? 'another seller'}.`;
  } else if (contact.status === 'queued') {
    updated.note = `Transferred to ${'toTeamId' in to ? to.toTeamId : to.toSellerId}: waiting in its queue.`;
  }
  scheduleReload(step);
}
