import { markRead } from '../lib/chat/receipts';
import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { ReadFrame } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { delivery } from '../lib/wiring/delivery';
import { contacts } from '../lib/wiring/history';
import { chats } from '../lib/wiring/chats';

/** read: stores the sender's read mark and relays it to the other side. */
export const handler = wsHandler('read', async (request) => {
  const frame = parseWith(ReadFrame, request.body);
  await markRead({ contacts, chats, delivery }, request.sender, frame.contact_id, frame.upToSeq, request.connectionId);
});
