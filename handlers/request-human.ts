import { requestHuman } from '../lib/assistant/request-human';
import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { RequestHumanFrame } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { chats } from '../lib/wiring/chats';
import { contacts } from '../lib/wiring/history';
import { delivery } from '../lib/wiring/delivery';
import { lifecycle } from '../lib/wiring/lifecycle';
import { messages } from '../lib/wiring/messages';
import { privateNotes } from '../lib/wiring/private-notes';

/** requestHuman: the visitor's "Talk to a person"; answered with assistantHandoff. */
export const handler = wsHandler('requestHuman', async (request) => {
  const frame = parseWith(RequestHumanFrame, request.body);
  request.reply(await requestHuman({ contacts, chats, lifecycle, messages, privateNotes, delivery }, request.sender, frame.contact_id));
});
