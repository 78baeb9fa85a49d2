import { parseWith } from '../lib/protocol';
import { TypingFrame } from '../lib/protocol-events';
import { relayTyping } from '../lib/receipts';
import { wsHandler } from '../lib/ws-adapter';

/** typing: relayed to the other side of the chat, never stored, never acked. */
export const handler = wsHandler('typing', async (request, deps) => {
  const frame = parseWith(TypingFrame, request.body);
  await relayTyping(deps, await request.sender(), frame.contact_id, frame.state);
});
