import { parseWith } from '../lib/protocol';
import { ReadFrame } from '../lib/protocol-events';
import { markRead } from '../lib/receipts';
import { wsHandler } from '../lib/ws-adapter';

/** read: stores the sender's read mark and relays it to the other side. */
export const handler = wsHandler('read', async (request, deps) => {
  const frame = parseWith(ReadFrame, request.body);
  await markRead(deps, await request.sender(), frame.contact_id, frame.upToSeq, request.connectionId);
});
