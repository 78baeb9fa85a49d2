/** What each frame the server pushes does to the visitor's chat. */
import type { ServerFrame } from '../shared/protocol';
import { addReceived, advanceSynced, answerDelta, applyStatus, chatEnded, chatOpened, dropAnswers, saveChat } from './chat-operations';
import type { WidgetStep } from './events';
import { acked, flushOutbox, refused } from './outbox';

/** One pushed frame; what concerns another chat than ours changes nothing. */
export function applyFrame(step: WidgetStep, frame: ServerFrame): void {
  const s = step.state;
  const ours = 'contact_id' in frame && frame.contact_id === s.contactId;
  switch (frame.action) {
    case 'InitChat':
      if (frame.queue) s.waiting = frame.queue;
      s.assistant = frame.assistant === true;
      // chatOpened saves a new chat, with how it waits; what waited for it goes now
      chatOpened(step, frame.contact_id, frame.status, frame.visitorToken);
      return flushOutbox(step);
    case 'sendMessage':
      return addReceived(step, frame);
    case 'messageAck':
      return acked(step, frame);
    case 'error':
      return refused(step, frame);
    case 'read':
      if (frame.role === 'seller' && ours) s.sellerReadSeq = Math.max(s.sellerReadSeq, frame.upToSeq);
      return;
    case 'typing':
      if (frame.role !== 'seller' || !ours) return;
      s.sellerTyping = frame.state === 'start';
      // a lost `stop` must not leave the indicator on forever
      return step.record(s.sellerTyping ? { kind: 'startTimer', timer: 'sellerTyping' } : { kind: 'stopTimer', timer: 'sellerTyping' });
    case 'assistantDelta':
      // the shop's assistant is writing: a bubble of its own, until its stored message replaces it
      if (ours) answerDelta(step, frame.answerId, frame.delta);
      return;
    case 'assistantHandoff':
      if (!ours) return;
      // the assistant answers this chat no more: what it was writing (a failing engine's) will not be finished
      dropAnswers(step);
      s.handoff = frame.reason;
      s.humanAsked = false;
      if (frame.queue) s.waiting = frame.queue;
      saveChat(step);
      return applyStatus(step, frame.status);
    case 'contactAssigned':
      if (!ours) return;
      s.status = 'assigned';
      s.sellerAway = false;
      // the assistant stores no answer once a seller has the chat
      dropAnswers(step);
      if (s.waiting) {
        s.waiting = undefined;
        saveChat(step);
      }
      s.notice = 'A seller has joined the chat.';
      return;
    case 'contactQueued':
      if (!ours) return;
      s.status = 'queued';
      s.notice = '';
      s.waiting = frame.waiting;
      return saveChat(step);
    case 'contactTransferred':
      if (ours) s.notice = 'Your chat was handed to a colleague.';
      return;
    case 'sellerPresence':
      if (ours) s.sellerAway = frame.status !== 'online';
      return;
    case 'emailSaved':
      if (!ours) return;
      s.emailLeft = frame.email;
      return saveChat(step);
    case 'contactEnded':
      if (ours) chatEnded(step);
      return;
    case 'messageDeleted': {
      const message = s.received.get(frame.id) ?? [...s.outbox.values()].find((m) => m.id === frame.id);
      if (message) Object.assign(message, { deleted: true, text: '' });
      return;
    }
    case 'resumed':
      if (!ours) return;
      advanceSynced(step, frame.lastSeq);
      return applyStatus(step, frame.status);
    case 'connected':
    case 'pong':
    case 'presence':
    case 'contactLeftQueue':
    case 'suggestionDelta':
    case 'suggestionDone':
    case 'privateNote':
    case 'visitorContext':
      return; // a repeated greeting, the keep-alive, and frames for sellers (the server never sends a note to a visitor)
    default:
      // a newer server's frame; one this list does not name fails `tsc -p web`
      frame satisfies never;
      return;
  }
}
