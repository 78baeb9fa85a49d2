/** Starting chats: InitChat over the socket and the first REST fallback message share this. */
import { randomUUID } from 'node:crypto';
import { assignSeller, queueSellers } from './assignment';
import type { Identity } from './connections';
import type { Contact } from './contacts';
import { badRequest, limitExceeded, payloadTooLarge } from './errors';
import { enforce } from './rate-limit';
import { checkOrigin } from './origins';
import { frames } from './protocol';
import { eventFrames } from './protocol-events';
import type { Services } from './services';

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

/** Numbers DynamoDB's marshaller refuses (beyond 2^53) are kept as their text. */
const storableNumber = (_key: string, value: unknown) =>
  typeof value === 'number' && Math.abs(value) > Number.MAX_SAFE_INTEGER ? String(value) : value;

/** userInfo is stored as the visitor sent it: bounded in size and nesting, with storable numbers. */
export function acceptUserInfo(
  userInfo: Record<string, unknown>,
  limits: { maxUserInfoBytes: number; maxUserInfoDepth: number },
): Record<string, unknown> {
  const bytes = Buffer.byteLength(JSON.stringify(userInfo));
  if (bytes > limits.maxUserInfoBytes) {
    throw payloadTooLarge(`userInfo is ${bytes} bytes; the limit is ${limits.maxUserInfoBytes}`);
  }
  // checked after the size, so a hostile depth is bounded by the byte limit before it is walked
  const depth = depthOf(userInfo);
  if (depth > limits.maxUserInfoDepth) {
    throw badRequest(`userInfo is nested ${depth} levels deep; the limit is ${limits.maxUserInfoDepth}`);
  }
  return JSON.parse(JSON.stringify(userInfo, storableNumber)) as Record<string, unknown>;
}

export interface StartedChat {
  contact: Contact;
  /** false when the visitor's open chat with this target was returned */
  created: boolean;
}

export type ChatDeps = Pick<Services, 'contacts' | 'sellers' | 'connections' | 'delivery' | 'strategy' | 'config' | 'log' | 'rateLimiter'>;

/**
 * Opens the visitor's chat with seller-or-team `target`, or returns the one already open.
 * New chats get a seller through the assignment module or wait in the target's queue.
 */
export async function startChat(
  deps: ChatDeps,
  visitor: Identity,
  target: string,
  userInfo: Record<string, unknown>,
  from: { sourceIp?: string; origin?: string } = {},
): Promise<StartedChat> {
  checkOrigin(deps.config.widgetOrigins, target, from.origin);
  const { sourceIp } = from;
  const visitorInfo = acceptUserInfo(userInfo, deps.config.limits);
  const { initChatPerDevice, perSourceIp } = deps.config.rateLimits;
  await enforce(deps.rateLimiter, [
    { key: `init#${visitor.userId}`, policy: initChatPerDevice, what: 'chat starts from this device' },
    ...(sourceIp ? [{ key: `ip#${sourceIp}`, policy: perSourceIp, what: 'requests from this address' }] : []),
  ]);

  // A few attempts: a concurrent InitChat of the same visitor may claim the lock between our read and write.
  for (let attempt = 0; attempt < 3; attempt++) {
    const lockedId = await deps.contacts.openChatId(visitor.userId, target);
    const locked = lockedId ? await deps.contacts.get(lockedId) : undefined;
    if (locked && locked.status !== 'ended') return { contact: locked, created: false };

    const open = await deps.contacts.listOpenForVisitor(visitor.userId);
    if (open.length >= deps.config.limits.maxOpenChatsPerVisitor) {
      throw limitExceeded(`this device has ${open.length} open chats; the limit is ${deps.config.limits.maxOpenChatsPerVisitor}`);
    }
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
      visitorInfo,
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
    else await notifyQueueOfWaitingChat(deps, contact);
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

/** Tells the sellers of a queue (the target seller, or the team's members) that a new chat waits there, so their queued lists stay live. */
async function notifyQueueOfWaitingChat(deps: Pick<Services, 'delivery' | 'sellers'>, contact: Contact): Promise<void> {
  const queueKey = contact.queueKey ?? contact.target;
  const frame = eventFrames.contactQueued({ contactId: contact.contactId, queueKey, fromSellerId: null, reason: 'new' });
  const sellerIds = await queueSellers(deps.sellers, queueKey);
  await Promise.all(sellerIds.map((sellerId) => deps.delivery.toIdentity({ role: 'seller', userId: sellerId }, frame)));
}
