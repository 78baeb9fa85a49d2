import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { forbidden } from '../lib/platform/errors';
import { PresenceFrame } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { setPresence } from '../lib/jobs/seller-presence';
import { connectionTtlMs, delivery } from '../lib/wiring/delivery';
import { identities } from '../lib/wiring/identities';
import { lifecycle } from '../lib/wiring/lifecycle';
import { sellers } from '../lib/wiring/sellers';

/** presence: a seller says online or away; its connections get the stored presence back. */
export const handler = wsHandler('presence', async (request) => {
  const frame = parseWith(PresenceFrame, request.body);
  if (request.sender.role !== 'seller') throw forbidden('only sellers set a presence');
  await setPresence({ sellers, identities, delivery, lifecycle, connectionTtlMs, log: request.log }, request.sender, frame.status);
});
