/** What each frame the server pushes does to the visitor's chat. */
import type { ServerFrame } from '../shared/protocol';
import { acked, refused } from './outbox';
import type { Step } from './step';

/** One pushed frame; what concerns another chat than ours changes nothing. */
export function applyFrame(step: Step, frame: ServerFrame): void {
  const s = step.state;
  const ours = 'contact_id' in frame && frame.contact_id === s.contactId;
  switch (frame.action) {
    case 'InitChat':
      if (frame.queue) s.waiting = frame.queue;
      // chatOpened saves a new chat, with how it waits
      return step.chatOpened(frame.contact_id, frame.status, frame.visitorToken);
    case 'sendMessage':
      return step.addReceived(frame);
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
      return s.sellerTyping ? step.startTimer('sellerTyping') : step.stopTimer('sellerTyping');
    case 'contactAssigned':
      if (!ours) return;
      s.status = 'assigned';
      s.sellerAway = false;
      if (s.waiting) {
        s.waiting = undefined;
        step.save();
      }
      s.notice = 'A seller has joined the chat.';
      return;
    case 'contactQueued':
      if (!ours) return;
      s.status = 'queued';
      s.notice = '';
      s.waiting = frame.waiting;
      return step.save();
    case 'contactTransferred':
      if (ours) s.notice = 'Your chat was handed to a colleague.';
      return;
    case 'sellerPresence':
      if (ours) s.sellerAway = frame.status !== 'online';
      return;
    case 'emailSaved':
      if (!ours) return;
      s.emailLeft = frame.email;
      return step.save();
    case 'contactEnded':
      if (ours) step.chatEnded();
      return;
    case 'messageDeleted': {
      const message = s.received.get(frame.id) ?? [...s.outbox.values()].find((m) => m.id === frame.id);
      if (message) Object.assign(message, { deleted: true, text: '' });
      return;
    }
    case 'resumed':
      if (!ours) return;
      step.advanceSynced(frame.lastSeq);
      return step.applyStatus(frame.status);
    case 'connected':
    case 'pong':
    case 'presence':
    case 'contactLeftQueue':
      return; // a repeated greeting, the keep-alive, and frames for sellers
    default:
      // a newer server's frame; one this list does not name fails `tsc -p web`
      frame satisfies never;
      return;
  }
}
