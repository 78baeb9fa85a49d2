/**
 * Resume after a reconnect: every message after the client's last seq, in order, then a `resumed`
 * frame. Live pushes reach the new connection as soon as it is registered (before resume is even
 * sent), so a message stored during the replay may arrive twice but never not at all: clients
 * drop a seq they already have.
 */
import { partyContact } from './access';
import { chatFrame } from './chat-messages';
import type { Identity } from './connections';
import { eventFrames } from './protocol-events';
import { sweepContact, type PresenceDeps } from './requeue';

/** Messages read per round of a replay. */
const RESUME_PAGE_SIZE = 100;

export async function resumeChat(
  deps: PresenceDeps,
  sender: Identity,
  connectionId: string,
  contactId: string,
  afterSeq: number,
): Promise<{ count: number; lastSeq: number }> {
  await partyContact(deps.contacts, sender, contactId);
  if (sender.role === 'visitor') await sweepContact(deps, contactId);
  let lastSeq = afterSeq;
  let count = 0;
  for (;;) {
    const page = await deps.messages.listAfter(contactId, lastSeq, RESUME_PAGE_SIZE);
    for (const message of page) {
      // one at a time: the order on the wire is the order of the pushes
      if ((await deps.delivery.toConnections([connectionId], chatFrame(message, message.recipientId))) === 0) {
        return { count, lastSeq }; // the socket went away mid-replay
      }
      lastSeq = message.seq;
      count++;
    }
    if (page.length < RESUME_PAGE_SIZE) break;
  }
  if (lastSeq > afterSeq) await deps.contacts.advanceDelivered(contactId, sender.role, lastSeq);
  const contact = await deps.contacts.get(contactId);
  await deps.delivery.toConnections(
    [connectionId],
    eventFrames.resumed({ contactId, afterSeq, lastSeq, count, status: contact?.status ?? 'ended' }),
  );
  return { count, lastSeq };
}
