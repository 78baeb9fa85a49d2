/**
 * Resume after a reconnect: every message after the client's last seq, in order, then a `resumed`
 * frame. Live pushes reach the new connection as soon as it is registered (before resume is even
 * sent), so a message stored during the replay may arrive twice but never not at all: clients
 * drop a seq they already have.
 */
import type { Identity } from '../model/identity';
import { partyChat } from './visibility';
import { frames } from '../protocol/outbound';
import type { Delivery } from '../realtime/delivery';
import type { MessageStore } from '../store/message-store';
import type { ChatReader } from './chat-reader';
import { messageFrame } from './message-frame';

/** Messages read per round of a replay. */
const RESUME_PAGE_SIZE = 100;

export interface ResumeDeps {
  contacts: ChatReader;
  messages: Pick<MessageStore, 'listAfter'>;
  delivery: Pick<Delivery, 'reply'>;
}

export async function resumeChat(deps: ResumeDeps, sender: Identity, connectionId: string, contactId: string, afterSeq: number): Promise<{ count: number; lastSeq: number }> {
  const contact = await partyChat(deps.contacts, sender, contactId);
  let cursor = afterSeq;
  let count = 0;
  for (;;) {
    const page = await deps.messages.listAfter(contactId, cursor, RESUME_PAGE_SIZE);
    for (const message of page) {
      // one at a time: the order on the wire is the order of the pushes
      if (!(await deps.delivery.reply(connectionId, await messageFrame(message)))) return { count, lastSeq: cursor }; // the socket went away mid-replay
      cursor = message.seq;
      count++;
    }
    if (page.length < RESUME_PAGE_SIZE) break;
  }
  // the chat's own last seq (or the last one replayed, if a message came meanwhile), never the client's afterSeq echoed back
  const lastSeq = Math.max(contact.lastSeq, count ? cursor : 0);
  await deps.delivery.reply(connectionId, frames.resumed({ contactId, afterSeq, lastSeq, count, status: contact.status }));
  return { count, lastSeq };
}
