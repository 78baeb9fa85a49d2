/**
 * Work after a connection is established: greet it, hand a seller the chats waiting in its queues
 * (oldest first) and push every message that arrived while this identity was offline. It runs in
 * its own Lambda, invoked asynchronously by $connect, because API Gateway accepts no posts before
 * $connect returns. With nothing waiting it costs one read: the identity's item (and, for a
 * seller, its queues' counts in the same request).
 */
import type { Identity, SellerIdentity } from '../model/identity';
import type { ChatLifecycle } from '../chat/lifecycle';
import { messageFrame } from '../chat/message-frame';
import type { Logger } from '../platform/logger';
import type { Role } from '../protocol/ids';
import { frames } from '../protocol/outbound';
import type { IdentityStore } from '../store/identity-store';
import type { MessageStore } from '../store/message-store';
import type { TargetItem } from '../store/target-store';
import type { Delivery } from '../realtime/delivery';

/**
 * What $connect hands to afterConnect: the connection, who is behind it, and what its registration
 * read on the way (the chats pending for it, a seller's presence), so a connection with nothing
 * waiting costs afterConnect no read.
 */
export interface ConnectedEvent {
  connectionId: string;
  connectedAt: number;
  role: Role;
  userId: string;
  teams?: string[];
  maxChats?: number;
  pending?: Record<string, number>;
  presence?: 'online' | 'away';
}

export interface AfterConnectDeps {
  identities: Pick<IdentityStore, 'clearPending'>;
  /** The items of a seller's queues (its own id and its teams), in one request. */
  queuesOf(sellerId: string, teams: string[]): Promise<Map<string, TargetItem>>;
  messages: Pick<MessageStore, 'listAfter'>;
  delivery: Pick<Delivery, 'toNewConnection' | 'reply'>;
  lifecycle: Pick<ChatLifecycle, 'offerQueued'>;
  connectionTtlMs: number;
  log: Pick<Logger, 'info'>;
}

export async function afterConnect(deps: AfterConnectDeps, event: ConnectedEvent): Promise<void> {
  const identity: Identity = { role: event.role, userId: event.userId };
  const presence = event.role === 'seller' ? (event.presence ?? 'online') : undefined;
  // a seller's queues are looked at while its greeting goes out
  const queues = event.role === 'seller' && presence !== 'away' ? deps.queuesOf(event.userId, event.teams ?? []) : undefined;
  const greeted = await deps.delivery.toNewConnection(event.connectionId, frames.connected({ connectionId: event.connectionId, role: event.role, userId: event.userId, presence }));
  if (!greeted) {
    deps.log.info('connection closed before it could be greeted', { connectionId: event.connectionId });
    return;
  }
  // an away seller keeps its presence across reconnects and gets no new chats until it says online
  if (queues) {
    const waiting = new Map([...(await queues)].map(([id, queue]) => [id, Number(queue.queued ?? 0)] as const).filter(([, count]) => count > 0));
    const seller: SellerIdentity & { connections: { connectionId: string; connectedAt: number }[] } = {
      role: 'seller',
      userId: event.userId,
      teams: event.teams ?? [],
      maxChats: event.maxChats,
      connections: [{ connectionId: event.connectionId, connectedAt: event.connectedAt }],
    };
    if (waiting.size > 0) await deps.lifecycle.offerQueued(seller, waiting);
  }
  await deliverPending(deps, identity, event.pending ?? {}, event.connectionId);
}

/** Pushes, in order, the other side's messages of every chat the identity was marked pending for, then clears the marks. */
export async function deliverPending(
  deps: Pick<AfterConnectDeps, 'identities' | 'messages' | 'delivery'>,
  identity: Identity,
  pending: Record<string, number>,
  connectionId: string,
): Promise<number> {
  let pushed = 0;
  for (const [contactId, fromSeq] of Object.entries(pending)) {
    const waiting = (await deps.messages.listAfter(contactId, fromSeq - 1)).filter((m) => m.senderRole !== identity.role);
    let complete = true;
    for (const message of waiting) {
      if (!(await deps.delivery.reply(connectionId, await messageFrame(message)))) {
        complete = false; // the socket went away: the mark stays for the next connection
        break;
      }
      pushed++;
    }
    if (complete) await deps.identities.clearPending(identity, contactId, fromSeq);
  }
  return pushed;
}
