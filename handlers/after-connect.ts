import { afterConnect, type ConnectedEvent } from '../lib/pending';
import { sweepTeams } from '../lib/requeue';
import { services } from '../lib/services';

/** Invoked asynchronously by $connect with the new connection's identity. */
export async function handler(event: ConnectedEvent): Promise<void> {
  const deps = services();
  try {
    await afterConnect(deps, event);
    // after the greeting: chats its teammates abandoned may now be offered to this seller
    if (event.role === 'seller') await sweepTeams(deps, event.teams ?? [], event.userId);
  } catch (error) {
    deps.log.error('after-connect failed', { connectionId: event.connectionId, error });
    throw error;
  }
}
