/**
 * Work after a connection is established: greet it, hand a seller its queued chats (oldest first)
 * and push every message that arrived while this side was offline. It runs in its own Lambda,
 * invoked asynchronously by $connect, because API Gateway accepts no posts before $connect returns.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { lambda } from './clients';
import type { Identity, SellerIdentity } from './connections';
import type { Contact } from './contacts';
import { frames, type Role } from './protocol';
import type { Services } from './services';
import { notifySellerOfAssignment } from './chats';
import { chatFrame } from './chat-messages';

export interface ConnectedEvent {
  connectionId: string;
  role: Role;
  userId: string;
  teams?: string[];
  maxChats?: number;
}

export async function scheduleAfterConnect(functionName: string, event: ConnectedEvent): Promise<void> {
  await lambda().send(
    new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }),
  );
}

type PendingDeps = Pick<Services, 'contacts' | 'messages' | 'sellers' | 'delivery' | 'config' | 'log'>;

export async function afterConnect(deps: PendingDeps, event: ConnectedEvent): Promise<void> {
  const presence = event.role === 'seller' ? ((await deps.sellers.get(event.userId))?.presence ?? 'online') : undefined;
  const greeted = await deps.delivery.toNewConnection(
    event.connectionId,
    frames.connected({ connectionId: event.connectionId, role: event.role, userId: event.userId, presence }),
  );
  if (!greeted) {
    deps.log.info('connection closed before it could be greeted', { connectionId: event.connectionId });
    return;
  }
  // an away seller keeps its presence across reconnects and gets no new chats until it says online
  if (event.role === 'seller' && presence !== 'away') {
    await assignQueuedChats(deps, { role: 'seller', userId: event.userId, teams: event.teams ?? [], maxChats: event.maxChats });
  }
  await deliverPending(deps, { role: event.role, userId: event.userId }, event.connectionId);
}

/** Gives the seller the chats waiting for it or its teams, oldest first, while it has capacity. */
export async function assignQueuedChats(deps: PendingDeps, seller: SellerIdentity): Promise<Contact[]> {
  const limit = seller.maxChats ?? deps.config.limits.maxChatsPerSeller;
  const queues = await Promise.all([seller.userId, ...seller.teams].map((key) => deps.contacts.listQueued(key, limit)));
  const oldestFirst = queues.flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const assigned: Contact[] = [];
  for (const queued of oldestFirst) {
    if (!(await deps.sellers.reserveSlot(seller.userId, deps.config.limits.maxChatsPerSeller))) break;
    const contact = await deps.contacts.assignQueued(queued.contactId, seller.userId);
    if (!contact) {
      await deps.sellers.releaseSlot(seller.userId); // another seller took it first
      continue;
    }
    deps.log.info('queued chat assigned', { contactId: contact.contactId, sellerId: seller.userId });
    await Promise.all([
      notifySellerOfAssignment(deps, contact),
      deps.delivery.toIdentity(
        { role: 'visitor', userId: contact.visitorId },
        frames.contactAssignedToVisitor({ contactId: contact.contactId, sellerId: seller.userId }),
      ),
    ]);
    assigned.push(contact);
  }
  return assigned;
}

/** Pushes, in order, the other side's messages this identity has not been sent yet. */
export async function deliverPending(deps: PendingDeps, identity: Identity, connectionId: string): Promise<number> {
  const contacts =
    identity.role === 'visitor'
      ? await deps.contacts.listOpenForVisitor(identity.userId)
      : await deps.contacts.listAssignedToSeller(identity.userId);
  let pushed = 0;
  for (const contact of contacts) {
    const cursor = (identity.role === 'visitor' ? contact.visitorDeliveredSeq : contact.sellerDeliveredSeq) ?? 0;
    if (contact.nextSeq <= cursor) continue;
    const waiting = (await deps.messages.listAfter(contact.contactId, cursor)).filter((m) => m.senderRole !== identity.role);
    let lastSent = 0;
    for (const message of waiting) {
      const frame = chatFrame(message, message.recipientId ?? identity.userId);
      if ((await deps.delivery.toConnections([connectionId], frame)) === 0) break;
      lastSent = message.seq;
      pushed++;
    }
    if (lastSent) await deps.contacts.advanceDelivered(contact.contactId, identity.role, lastSent);
  }
  return pushed;
}
