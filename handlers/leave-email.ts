import { leaveEmail } from '../lib/chat/visitor-email';
import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { LeaveEmailFrame } from '../lib/protocol/inbound';
import { frames } from '../lib/protocol/outbound';
import { parseWith } from '../lib/protocol/parse';
import { visitors } from '../lib/wiring/visitors';
import { limitFrame } from '../lib/wiring/frame-limits';

/** leaveEmail: a waiting visitor's email joins its chat's userInfo; acked with emailSaved. */
export const handler = wsHandler('leaveEmail', async (request) => {
  const frame = parseWith(LeaveEmailFrame, request.body);
  await limitFrame('leaveEmail', request.sender);
  await leaveEmail({ visitors }, request.sender, frame.contact_id, frame.email);
  request.reply(frames.emailSaved({ contactId: frame.contact_id, email: frame.email }));
});
