/** What the socket going up or down, and each frame the server pushes, does to the dashboard's state. */
import type { ChatMessageFrame, FrameOf, ServerFrame } from '../shared/protocol';
import { addMessage, advance, entryFor, touch } from './chat-entries';
import { markRead, openChat, scheduleReload, setVisitorTyping, transmit } from './chat-operations';
import type { DashboardStep } from './events';
import { conversationMessage, highestSeq, isParty, openEntry, visitorEmail, visitorName, type ContactEntry } from './state';

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
  const entry = openEntry(s);
  if (s.conversation?.loaded && entry) {
    if (isParty(s, entry)) step.record({ kind: 'send', frame: { action: 'resume', contact_id: entry.id, afterSeq: highestSeq(s) } });
    else openChat(step, entry.id);
  }
  markRead(step);
}

/** The socket dropped: what typing showed on either side is over. */
export function socketDown(step: DashboardStep): void {
  const s = step.state;
  s.socket = s.everUp ? 'reconnecting' : 'connecting';
  s.typingContact = undefined;
  if (s.conversation) s.conversation.visitorTyping = false;
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
      if (frame.role === 'visitor' && frame.contact_id === s.conversation?.contactId) setVisitorTyping(step, frame.state === 'start');
      return;
    case 'read': {
      const entry = s.contacts.get(frame.contact_id);
      if (!entry) return;
      if (frame.role === 'visitor') entry.visitorRead = Math.max(entry.visitorRead, frame.upToSeq);
      else entry.sellerRead = Math.max(entry.sellerRead, frame.upToSeq);
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
      const entry = liveEntry(step, frame.contact_id);
      if (entry) {
        entry.status = 'ended';
        entry.endedBy = frame.endedBy;
        advance(entry, 0, frame.endedAt);
        // typing into an ended chat is refused: nothing more to say about it
        if (s.typingContact === entry.id) s.typingContact = undefined;
        if (s.conversation?.contactId === entry.id) setVisitorTyping(step, false);
      }
      return scheduleReload(step);
    }
    case 'contactTransferred':
      return onTransferred(step, frame);
    case 'messageDeleted': {
      const conversation = s.conversation;
      const message = conversation?.contactId === frame.contact_id ? conversation.messages.get(frame.seq) : undefined;
      if (conversation && message) conversation.messages.set(frame.seq, { ...message, text: undefined });
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
      return; // a visitor's ack
    default:
      // a newer server's frame; one this list does not name fails `tsc -p web`
      frame satisfies never;
      return;
  }
}

function onMessage(step: DashboardStep, message: ChatMessageFrame): void {
  const s = step.state;
  const known = s.contacts.has(message.contact_id);
  // the visitor wrote it, or it went to the visitor (`to` is null only on a visitor's message to a queued chat)
  const entry = entryFor(s, message.contact_id, message.role === 'visitor' ? message.from : (message.to ?? ''));
  const fresh = message.seq > entry.lastSeq;
  advance(entry, message.seq, message.timestamp);
  // what this seller wrote (in another tab) needs no reading
  if (message.role === 'seller') entry.sellerRead = Math.max(entry.sellerRead, message.seq);
  if (!known) {
    touch(s, entry);
    scheduleReload(step);
  }
  const open = s.conversation?.contactId === message.contact_id;
  if (open) {
    addMessage(s, message.contact_id, conversationMessage(message));
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
  addMessage(s, reply.contactId, { id: frame.id, seq: frame.seq, role: 'seller', text: reply.text, timestamp: frame.timestamp });
  const entry = s.contacts.get(reply.contactId);
  if (entry) {
    advance(entry, frame.seq, frame.timestamp);
    entry.sellerRead = Math.max(entry.sellerRead, frame.seq);
  }
  // a reply says the seller has read the chat up to it
  step.record({ kind: 'send', frame: { action: 'read', contact_id: reply.contactId, upToSeq: frame.seq } });
}

function onAssigned(step: DashboardStep, frame: FrameOf<'contactAssignedToSeller'> | FrameOf<'contactAssignedToVisitor'>): void {
  const s = step.state;
  if ('visitor' in frame) {
    const entry = entryFor(s, frame.contact_id, frame.visitor.userId);
    entry.status = 'assigned';
    entry.sellerId = s.sellerId;
    entry.visitorId = frame.visitor.userId;
    entry.visitorName = visitorName(frame.visitor);
    entry.visitorEmail = visitorEmail(frame.visitor);
    entry.note = '';
    if (!entry.lastActivityAt) entry.lastActivityAt = new Date(step.now).toISOString();
    touch(s, entry);
    // the open chat was queued and is now ours: read it again (status, read marks, anything missed)
    if (s.conversation?.contactId === entry.id) openChat(step, entry.id);
  }
  scheduleReload(step);
}

function onQueued(step: DashboardStep, frame: FrameOf<'contactQueued'>): void {
  const s = step.state;
  const entry = liveEntry(step, frame.contact_id);
  if (entry) {
    entry.status = 'queued';
    entry.queueKey = frame.queueKey;
    if (frame.fromSellerId === s.sellerId && frame.reason !== 'new') {
      entry.sellerId = null;
      entry.note = frame.reason === 'presence' ? 'Back in the queue: you were away too long.' : 'Transferred: waiting in the queue.';
      if (s.typingContact === entry.id) s.typingContact = undefined;
    }
  }
  scheduleReload(step);
}

function onTransferred(step: DashboardStep, frame: FrameOf<'contactTransferred'>): void {
  const s = step.state;
  const me = s.sellerId;
  const entry = liveEntry(step, frame.contact_id);
  const late = frame.reason === 'first-response';
  if (entry && frame.sellerId === me) {
    entry.status = 'assigned';
    entry.sellerId = me;
    entry.note = late ? `From ${frame.fromSellerId}: not answered in time.` : `Transferred by ${frame.fromSellerId}${frame.note ? `: ${frame.note}` : '.'}`;
  } else if (entry && frame.fromSellerId === me) {
    if (s.typingContact === entry.id) s.typingContact = undefined;
    const sellerId = frame.sellerId ?? null;
    entry.sellerId = sellerId;
    entry.status = frame.status === 'queued' ? 'queued' : 'elsewhere';
    entry.note = late
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
  const known = s.contacts.get(frame.contact_id);
  if (known?.status !== 'queued' || frame.sellerId === s.sellerId) return;
  const entry = liveEntry(step, frame.contact_id) as ContactEntry;
  if (frame.reason === 'ended') entry.status = 'ended';
  else {
    entry.status = 'elsewhere';
    entry.sellerId = frame.sellerId;
    entry.note = frame.sellerId ? `Taken by ${frame.sellerId}.` : 'Left the queue.';
  }
}

/** The known chat a lifecycle frame names, marked as changed live; undefined for an unknown one. */
function liveEntry(step: DashboardStep, contactId: string): ContactEntry | undefined {
  const entry = step.state.contacts.get(contactId);
  if (entry) touch(step.state, entry);
  return entry;
}
