import { suggestReply } from '../lib/assistant/suggest-reply';
import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { SuggestReplyFrame } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { budget } from '../lib/wiring/answer-budget';
import { delivery } from '../lib/wiring/delivery';
import { engineFor } from '../lib/wiring/engines';
import { contacts } from '../lib/wiring/history';
import { messages } from '../lib/wiring/messages';
import { retriever } from '../lib/wiring/retrieval';

/** suggestReply: a seller's "Suggest a reply"; the draft streams to this connection only. */
export const handler = wsHandler('suggestReply', async (request) => {
  const frame = parseWith(SuggestReplyFrame, request.body);
  await suggestReply({ contacts, messages, delivery, retriever, budget, engineFor }, request.sender, request.connectionId, frame.contact_id);
});
