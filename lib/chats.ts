/** Starting chats: InitChat over the socket and the first REST fallback message share this. */
import { randomUUID } from 'node:crypto';
import { assignSeller } from './assignment';
import type { Identity } from './connections';
import type { Contact } from './contacts';
import { payloadTooLarge } from './errors';
import { frames } from './protocol';
import type { Services } from './services';

export interface StartedChat {
  contact: Contact;
  /** false when the visitor's open chat with this target was returned */
  created: boolean;
}

export type ChatDeps = Pick<Services, 'contacts' | 'sellers' | 'connections' | 'delivery' | 'strategy' | 'config' | 'log'>;

/**
 * Opens the visitor's chat with seller-or-team `target`, or returns the one already open.
 * New chats get a seller through the assignment module or wait in the target's queue.
 */
export async function startChat(
  deps: ChatDeps,
  visitor: Identity,
  target: string,
  userInfo: Record<string, unknown>,
): Promise<StartedChat> {
  const infoBytes = Buffer.byteLength(JSON.stringify(userInfo));
  if (infoBytes > deps.config.limits.maxUserInfoBytes) {
    throw payloadTooLarge(`userInfo is ${infoBytes} bytes; the limit is ${deps.config.limits.maxUserInfoBytes}`);
  }

  // A few attempts: a concurrent InitChat of the same visitor may claim the lock between our read and write.
  for (let attempt = 0; attempt < 3; attempt++) {
    const lockedId = await deps.contacts.openChatId(visitor.userId, target);
    const locked = lockedId ? await deps.contacts.get(lockedId) : undefined;
    if (locked && locked.status !== 'ended') return { contact: locked, created: false };

    const contactId = randomUUID();
    if (!(await deps.contacts.claimOpenChat(visitor.userId, target, contactId, lockedId))) continue;

    const previousSellerId = await deps.contacts.previousSeller(visitor.userId, target);
    const sellerId = await assignSeller(
      { sellers: deps.sellers, connections: deps.connections, strategy: deps.strategy, defaultMaxChats: deps.config.limits.maxChatsPerSeller },
      target,
      previousSellerId,
    );
    const now = new Date().toISOString();
    const contact: Contact = {
      contactId,
      visitorId: visitor.userId,
      visitorInfo: userInfo,
      target,
      status: sellerId ? 'assigned' : 'queued',
      ...(sellerId ? { sellerId, assignedAt: now } : { queueKey: target }),
      createdAt: now,
      lastActivityAt: now,
      nextSeq: 0,
    };
    await deps.contacts.create(contact);
    deps.log.info('chat started', { contactId, target, sellerId, status: contact.status });
    if (sellerId) await notifySellerOfAssignment(deps, contact);
    return { contact, created: true };
  }
  throw new Error(`could not claim an open chat for ${visitor.userId} with ${target}`);
}

export async function notifySellerOfAssignment(deps: Pick<Services, 'delivery'>, contact: Contact): Promise<number> {
  if (!contact.sellerId) return 0;
  return deps.delivery.toIdentity(
    { role: 'seller', userId: contact.sellerId },
    frames.contactAssignedToSeller({ contactId: contact.contactId, visitorId: contact.visitorId, userInfo: contact.visitorInfo }),
  );
}
