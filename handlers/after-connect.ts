import { afterConnect, type ConnectedEvent } from '../lib/pending';
import { services } from '../lib/services';

/** Invoked asynchronously by $connect with the new connection's identity. */
export async function handler(event: ConnectedEvent): Promise<void> {
  const deps = services();
  try {
    await afterConnect(deps, event);
  } catch (error) {
    deps.log.error('after-connect failed', { connectionId: event.connectionId, error });
    throw error;
  }
}
