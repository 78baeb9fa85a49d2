/** What the socket going up or down, and each frame the server pushes, does to the dashboard's state. */
import type { ChatMessageFrame, FrameOf, ServerFrame } from '../shared/protocol';
import { addMessage, advance, chatFor, touch } from './chats';
import { markRead, scheduleReload, setVisitorTyping, showChat, transmit } from './chat-operations';
import type { DashboardStep } from './events';
import { highestSeq, holdsChat, openChatSummary, toChatMessage, visitorEmail, visitorName, type ChatSummary } from './state';

/** `presence` is the seller's as the server stored it: it outlives this tab. */
export function socketUp(step: DashboardStep, presence: 'online' | 'away' | undefined): void {
  const s = step.state;
  s.socket = 'connected';
  if (presence) s.presence = presence;
  // replies that waited for the socket, or whose ack was lost with the old one: the same
  // clientMessageId makes a resend exactly-once on the server
  for (const reply of s.pending.values()) if (reply.state !== 'failed') transmit(step, reply);
  if (s.everUp) scheduleReload(step, 0);
  s.everUp = true;
  const chat = openChatSummary(s);
  if (s.openChat?.loaded && chat) {
    if (holdsChat(s, chat)) step.record({ kind: 'send', frame: { action: 'resume', contact_id: chat.id, afterSeq: highestSeq(s) } });
    else showChat(step, chat.id);
  }
  markRead(step);
}

/** The socket dropped: what typing showed on either side is over. */
export function socketDown(step: DashboardStep): void {
  const s = step.state;
  s.socket = s.everUp ? 'reconnecting' : 'connecting';
  s.typingContact = undefined;
  if (s.openChat) s.openChat.visitorTyping = false;
}

/** One pushed frame. */
export function applyFrame(step: DashboardStep, frame: ServerFrame): void {
  const s = step.state;
  switch (frame.action) {
    case 'sendMessage':
      return onMessage(step, frame);
    case 'messageAck':
      return onAck(step, frame);
    case 'error': {
      const retryAfter = frame.error.retryAfter;
      const text = frame.error.message + (retryAfter ? ` Try again in ${Math.ceil(retryAfter)} s.` : '');
      const reply = frame.clientMessageId ? s.pending.get(frame.clientMessageId) : undefined;
      // an error while a draft is written is most likely its refusal (no frame says which request failed but a message's): the button is offered again
      if (!reply && s.openChat?.suggestion && !s.openChat.suggestion.done) s.openChat.suggestion.done = true;
      if (!reply) {
        s.notice = text;
        return;
      }
      reply.state = 'failed';
      reply.error = text;
      s.notice = `Your message was not sent: ${text}`;
      return;
    }
    case 'typing':
      if (frame.role === 'visitor' && frame.contact_id === s.openChat?.contactId) setVisitorTyping(step, frame.state === 'start');
      return;
    case 'read': {
      const chat = s.chats.get(frame.contact_id);
      if (!chat) return;
      if (frame.role === 'visitor') chat.visitorRead = Math.max(chat.visitorRead, frame.upToSeq);
      else chat.sellerRead = Math.max(chat.sellerRead, frame.upToSeq);
      return;
    }
    case 'presence':
      s.presence = frame.status;
      return;
    case 'contactAssigned':
      return onAssigned(step, frame);
    case 'contactQueued':
      return onQueued(step, frame);
    case 'contactEnded': {
      const chat = liveChat(step, frame.contact_id);
      if (chat) {
        chat.status = 'ended';
        chat.endedBy = frame.endedBy;
        advance(chat, 0, frame.endedAt);
        // typing into an ended chat is refused: nothing more to say about it
        if (s.typingContact === chat.id) s.typingContact = undefined;
        if (s.openChat?.contactId === chat.id) setVisitorTyping(step, false);
      }
      return scheduleReload(step);
    }
    case 'contactTransferred':
      return onTransferred(step, frame);
    case 'privateNote': {
      // a note on the open chat joins it (a replaced map: the state's maps are never changed in place)
      const open = s.openChat;
      if (open?.contactId === frame.contact_id) open.notes = new Map(open.notes).set(frame.note.id, frame.note);
      return;
    }
    case 'messageDeleted': {
      const open = s.openChat;
      const message = open?.contactId === frame.contact_id ? open.messages.get(frame.seq) : undefined;
      if (open && message) open.messages.set(frame.seq, { ...message, text: undefined });
      return;
    }
    case 'connected':
    case 'pong':
    case 'resumed':
    case 'InitChat':
    case 'sellerPresence':
      return; // a repeated greeting, the keep-alive, the end of a resume's backlog, and frames for visitors
    case 'contactLeftQueue':
      return onLeftQueue(step, frame);
    case 'emailSaved':
    case 'assistantDelta':
    case 'assistantHandoff':
      return; // frames for the visitor
    case 'suggestionDelta': {
      const suggestion = s.openChat?.contactId === frame.contact_id ? s.openChat.suggestion : undefined;
      if (suggestion && !suggestion.done) suggestion.text += frame.delta;
      return;
    }
    case 'suggestionDone': {
      const suggestion = s.openChat?.contactId === frame.contact_id ? s.openChat.suggestion : undefined;
      if (suggestion) Object.assign(suggestion, { text: frame.text, done: true });
      if (suggestion && !frame.text) s.notice = 'The assistant has no reply to suggest for this chat.';
      return;
    }
    case 'visitorContext': {
      const chat = s.chats.get(frame.contact_id);
      if (chat) chat.context = frame.context;
      return;
    }
    default:
      // a newer server's frame; one this list does not name fails `tsc -p web`
      frame satisfies never;
      return;
  }
}

function onMessage(step: DashboardStep, message: ChatMessageFrame): void {
  const s = step.state;
  const known = s.chats.has(message.contact_id);
  // the visitor wrote it, or it went to the visitor (`to` is null only on a visitor's message to a queued chat)
  const chat = chatFor(s, message.contact_id, message.role === 'visitor' ? message.from : (message.to ?? ''));
  const fresh = message.seq > chat.lastSeq;
  advance(chat, message.seq, message.timestamp);
  // what this seller wrote (in another tab) needs no reading
  if (message.role === 'seller') chat.sellerRead = Math.max(chat.sellerRead, message.seq);
  if (!known) {
    touch(s, chat);
    scheduleReload(step);
  }
  const open = s.openChat?.contactId === message.contact_id;
  if (open) {
    addMessage(s, message.contact_id, toChatMessage(message));
    if (message.role === 'seller' && message.clientMessageId) s.pending.delete(message.clientMessageId);
    if (message.role === 'visitor') setVisitorTyping(step, false);
  }
  if (message.role === 'visitor' && fresh) step.record({ kind: 'beep', onlyIfHidden: open });
  markRead(step);
}

function onAck(step: DashboardStep, frame: FrameOf<'messageAck'>): void {
  const s = step.state;
  const reply = frame.clientMessageId ? s.pending.get(frame.clientMessageId) : undefined;
  if (!reply) return;
  s.pending.delete(reply.clientMessageId);
  // the server's stored time, the one the visitor sees
  addMessage(s, reply.contactId, {
    id: frame.id,
    seq: frame.seq,
    role: 'seller',
    text: reply.text,
    ...(reply.attachments ? { attachments: reply.attachments } : {}),
    timestamp: frame.timestamp,
  });
  const chat = s.chats.get(reply.contactId);
  if (chat) {
    advance(chat, frame.seq, frame.timestamp);
    chat.sellerRead = Math.max(chat.sellerRead, frame.seq);
  }
  // a reply says the seller has read the chat up to it
  step.record({ kind: 'send', frame: { action: 'read', contact_id: reply.contactId, upToSeq: frame.seq } });
}

function onAssigned(step: DashboardStep, frame: FrameOf<'contactAssignedToSeller'> | FrameOf<'contactAssignedToVisitor'>): void {
  const s = step.state;
  if ('visitor' in frame) {
    const chat = chatFor(s, frame.contact_id, frame.visitor.userId);
    chat.status = 'assigned';
    chat.sellerId = s.sellerId;
    chat.visitorId = frame.visitor.userId;
    chat.visitorName = visitorName(frame.visitor);
    chat.visitorEmail = visitorEmail(frame.visitor);
    chat.note = '';
    if (!chat.lastActivityAt) chat.lastActivityAt = new Date(step.now).toISOString();
    touch(s, chat);
    // the open chat was queued and is now ours: read it again (status, read marks, anything missed)
    if (s.openChat?.contactId === chat.id) showChat(step, chat.id);
  }
  scheduleReload(step);
}

function onQueued(step: DashboardStep, frame: FrameOf<'contactQueued'>): void {
  const s = step.state;
  const chat = liveChat(step, frame.contact_id);
  if (chat) {
    chat.status = 'queued';
    chat.queueKey = frame.queueKey;
    if (frame.fromSellerId === s.sellerId && frame.reason !== 'new') {
      chat.sellerId = null;
      chat.note = frame.reason === 'presence' ? 'Back in the queue: you were away too long.' : 'Transferred: waiting in the queue.';
      if (s.typingContact === chat.id) s.typingContact = undefined;
    }
  }
  scheduleReload(step);
}

function onTransferred(step: DashboardStep, frame: FrameOf<'contactTransferred'>): void {
  const s = step.state;
  const me = s.sellerId;
  const chat = liveChat(step, frame.contact_id);
  const late = frame.reason === 'first-response';
  if (chat && frame.sellerId === me) {
    chat.status = 'assigned';
    chat.sellerId = me;
    chat.note = late ? `From ${frame.fromSellerId}: not answered in time.` : `Transferred by ${frame.fromSellerId}${frame.note ? `: ${frame.note}` : '.'}`;
  } else if (chat && frame.fromSellerId === me) {
    if (s.typingContact === chat.id) s.typingContact = undefined;
    const sellerId = frame.sellerId ?? null;
    chat.sellerId = sellerId;
    chat.status = frame.status === 'queued' ? 'queued' : 'elsewhere';
    chat.note = late
      ? `Moved to ${sellerId}: no first reply within the first-response time.`
      : sellerId
        ? `Transferred to ${sellerId}.`
        : `Transferred to ${String(frame.toTeamId ?? frame.toSellerId)}: waiting in its queue.`;
  }
  scheduleReload(step);
}

/** A chat left a queue this seller sees: taken by someone else or ended, it leaves the Queued tab at once. */
function onLeftQueue(step: DashboardStep, frame: FrameOf<'contactLeftQueue'>): void {
  const s = step.state;
  // our own take comes as contactAssigned; a chat not queued here has nothing to leave
  const known = s.chats.get(frame.contact_id);
  if (known?.status !== 'queued' || frame.sellerId === s.sellerId) return;
  const chat = liveChat(step, frame.contact_id) as ChatSummary;
  if (frame.reason === 'ended') chat.status = 'ended';
  else {
    chat.status = 'elsewhere';
    chat.sellerId = frame.sellerId;
    chat.note = frame.sellerId ? `Taken by ${frame.sellerId}.` : 'Left the queue.';
  }
}

/** The known chat a lifecycle frame names, marked as changed live; undefined for an unknown one. */
function liveChat(step: DashboardStep, contactId: string): ChatSummary | undefined {
  const chat = step.state.chats.get(contactId);
  if (chat) touch(step.state, chat);
  return chat;
}
