import { suggestReply } from '../lib/assistant/suggest-reply';
import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { SuggestReplyFrame } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { assistantDeps } from '../lib/wiring/assistant';
import { delivery } from '../lib/wiring/delivery';
import { contacts } from '../lib/wiring/history';

/** suggestReply: a seller's "Suggest a reply"; the draft streams to this connection only. */
export const handler = wsHandler('suggestReply', async (request) => {
  const frame = parseWith(SuggestReplyFrame, request.body);
  const { messages, retriever, engine } = await assistantDeps();
  await suggestReply({ contacts, messages, delivery, retriever, engine }, request.sender, request.connectionId, frame.contact_id);
});
