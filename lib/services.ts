/** Wires the stores, delivery and assignment of this container once; handlers take what they need. */
import { dynamo } from './clients';
import { config, type Config } from './config';
import { connectionStore, type ConnectionStore } from './connections';
import { contactStore, type ContactStore } from './contacts';
import { messageStore, type MessageStore } from './messages';
import { sellerStore, type SellerPresenceStore, type SellerStore } from './sellers';
import { delivery, type Delivery } from './delivery';
import { strategyNamed, type AssignmentStrategy } from './assignment';
import { logger, type Logger } from './logger';
import { statusStore, type StatusStore } from './status';
import { dynamoRateLimiter, type RateLimiter } from './rate-limit';

export interface Services {
  config: Config;
  connections: ConnectionStore;
  contacts: ContactStore;
  messages: MessageStore;
  sellers: SellerStore & SellerPresenceStore;
  delivery: Delivery;
  strategy: AssignmentStrategy;
  status: StatusStore;
  rateLimiter: RateLimiter;
  log: Logger;
}

let cached: Services | undefined;

export function services(): Services {
  if (!cached) {
    const settings = config();
    const db = dynamo();
    const connections = connectionStore(db, settings.tables.connections);
    const endpoint = settings.websocketEndpoint;
    if (!endpoint) throw new Error('WEBSOCKET_API_ENDPOINT is not set');
    cached = {
      config: settings,
      connections,
      contacts: contactStore(db, settings.tables.contacts, settings.tables.routing),
      messages: messageStore(db, settings.tables.messages),
      sellers: sellerStore(db, settings.tables.routing),
      delivery: delivery(endpoint, connections, logger),
      strategy: strategyNamed(settings.assignmentStrategy),
      status: statusStore(db, settings.tables),
      rateLimiter: dynamoRateLimiter(db, settings.tables.routing),
      log: logger,
    };
  }
  return cached;
}
