import { relayTyping } from '../lib/chat/receipts';
import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { TypingFrame } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { delivery } from '../lib/wiring/delivery';
import { contacts } from '../lib/wiring/history';
import { limitFrame } from '../lib/wiring/frame-limits';

/** typing: relayed to the other side of the chat, never stored, never acked. */
export const handler = wsHandler('typing', async (request) => {
  const frame = parseWith(TypingFrame, request.body);
  await limitFrame('typing', request.sender);
  await relayTyping({ contacts, delivery }, request.sender, frame.contact_id, frame.state);
});
