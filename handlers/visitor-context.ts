import { recordVisitorContext } from '../lib/chat/visitor-context';
import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { VisitorContextFrame } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { delivery } from '../lib/wiring/delivery';
import { contacts } from '../lib/wiring/history';
import { limitFrame } from '../lib/wiring/frame-limits';
import { visitors } from '../lib/wiring/visitors';

/** visitorContext: the visitor's widget is on another page; kept on its open chat and told to the chat's seller. Not acked. */
export const handler = wsHandler('visitorContext', async (request) => {
  const frame = parseWith(VisitorContextFrame, request.body);
  await limitFrame('visitorContext', request.sender);
  await recordVisitorContext({ contacts, delivery, visitors }, request.sender, frame.contact_id, frame.context);
});
