import { forbidden } from '../lib/errors';
import { setPresence } from '../lib/presence';
import { parseWith } from '../lib/protocol';
import { PresenceFrame } from '../lib/protocol-events';
import { wsHandler } from '../lib/ws-adapter';

/** presence: a seller says online or away; its connections get the stored presence back. */
export const handler = wsHandler('presence', async (request, deps) => {
  const frame = parseWith(PresenceFrame, request.body);
  const sender = await request.sender();
  if (sender.role !== 'seller') throw forbidden('only sellers set a presence');
  await setPresence(deps, sender, frame.status);
});
