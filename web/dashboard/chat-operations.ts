/**
 * The seller's chats, as operations on one event's step: opening one, marking it read, replies,
 * the seller's and the visitor's typing, and reloading the lists. What frames and the seller's
 * actions have in common; each changes the step's state and records the effects it asks for.
 */
import { tick } from './chats';
import type { DashboardStep } from './events';
import { canReply, holdsChat, openChatSummary, type PendingReply } from './state';

/** The seller's typing: `start` again after this long while still typing. */
const TYPING_REFRESH_MS = 4000;

/** Lifecycle frames come in bursts (assigned + transferred + queued): one list reload, a moment later, for all. */
export function scheduleReload(step: DashboardStep, delayMs?: number): void {
  step.record({ kind: 'startTimer', timer: 'reload', delayMs });
}

/** All three lists, now; only the newest reload's answer is applied. */
export function reloadLists(step: DashboardStep): void {
  const s = step.state;
  step.record({ kind: 'loadLists', generation: ++s.reloadGeneration, startedAt: tick(s) });
}

/** Opens a chat (or reads the open one again): contact and newest messages, merged into what is shown. */
export function showChat(step: DashboardStep, contactId: string): void {
  const s = step.state;
  let open = s.openChat;
  if (open?.contactId !== contactId) {
    stopTyping(step);
    step.record({ kind: 'stopTimer', timer: 'visitorTyping' });
    open = { contactId, serial: tick(s), messages: new Map(), loaded: false, hasEarlier: false, loadingEarlier: false, visitorTyping: false };
    s.openChat = open;
    step.record({ kind: 'showInAddress', contactId });
  }
  step.record({ kind: 'loadContact', contactId, serial: open.serial, readAt: tick(s) });
}

/** While the open chat is on screen, the visitor's messages in it count as read. */
export function markRead(step: DashboardStep): void {
  const s = step.state;
  const open = s.openChat;
  const chat = openChatSummary(s);
  if (!open?.loaded || !chat || !holdsChat(s, chat)) return;
  let highest = 0;
  // the visitor's messages and the assistant's answers: an answer left out would stay unread for ever
  for (const message of open.messages.values()) if (message.role !== 'seller') highest = Math.max(highest, message.seq);
  if (highest > chat.sellerRead) step.record({ kind: 'markRead', contactId: chat.id, upToSeq: highest });
}

/** The visitor's typing indicator in the open chat; it goes away by itself if no `stop` comes. */
export function setVisitorTyping(step: DashboardStep, typing: boolean): void {
  const open = step.state.openChat;
  step.record({ kind: 'stopTimer', timer: 'visitorTyping' });
  if (!open) return;
  open.visitorTyping = typing;
  if (typing) step.record({ kind: 'startTimer', timer: 'visitorTyping' });
}

/** A reply to the open chat, if this seller may write there. */
export function writeReply(step: DashboardStep, text: string, clientMessageId: string, attachments?: PendingReply['attachments']): void {
  const s = step.state;
  const chat = openChatSummary(s);
  if (!chat || !canReply(s, chat)) return;
  const reply = {
    clientMessageId,
    contactId: chat.id,
    to: chat.visitorId,
    text,
    ...(attachments ? { attachments } : {}),
    createdAt: new Date(step.now).toISOString(),
    state: 'sending' as const,
  };
  s.pending.set(clientMessageId, reply);
  transmit(step, reply);
  stopTyping(step);
}

/** Sends a reply; one that cannot go now waits for the socket, whose next `up` sends it. */
export function transmit(step: DashboardStep, reply: PendingReply): void {
  reply.state = 'sending';
  step.record({
    kind: 'send',
    frame: {
      action: 'sendMessage',
      to: reply.to,
      contact_id: reply.contactId,
      ...(reply.text ? { message: reply.text } : {}),
      ...(reply.attachments?.length ? { attachments: reply.attachments.map((file) => ({ attachmentId: file.attachmentId })) } : {}),
      clientMessageId: reply.clientMessageId,
    },
    ifNotSent: { type: 'replyWaiting', clientMessageId: reply.clientMessageId },
  });
}

/** On every keystroke in the reply box: `start` when typing begins and every few seconds after; `stop` after a pause. */
export function typing(step: DashboardStep): void {
  const s = step.state;
  const chat = openChatSummary(s);
  if (!chat || !canReply(s, chat)) return;
  if (s.typingContact !== chat.id) stopTyping(step);
  if (s.typingContact !== chat.id || step.now - s.typingSentAt > TYPING_REFRESH_MS) {
    step.record({
      kind: 'send',
      frame: { action: 'typing', contact_id: chat.id, state: 'start' },
      ifSent: { type: 'typingStarted', contactId: chat.id, at: step.now },
    });
  }
  step.record({ kind: 'startTimer', timer: 'typingIdle' });
}

/** The seller stopped typing (or left the chat): `stop` where a `start` went, if the chat still takes it. */
export function stopTyping(step: DashboardStep): void {
  const s = step.state;
  step.record({ kind: 'stopTimer', timer: 'typingIdle' });
  const contactId = s.typingContact;
  s.typingContact = undefined;
  if (contactId && s.chats.get(contactId)?.status === 'assigned') step.record({ kind: 'send', frame: { action: 'typing', contact_id: contactId, state: 'stop' } });
}
