/** This container's pushes: the management API client of the WebSocket API, and the identities' items for who is connected. */
import { managementApi } from './clients';
import { config } from './config';
import { logger } from '../platform/logger';
import { delivery as createDelivery } from '../realtime/delivery';
import { identities } from './identities';

const settings = config();
const endpoint = settings.websocketEndpoint;
if (!endpoint) throw new Error('WEBSOCKET_API_ENDPOINT is not set');

export const connectionTtlMs = settings.limits.connectionTtlSeconds * 1000;

export const delivery = createDelivery({ client: managementApi(endpoint), identities, connectionTtlMs, log: logger });
