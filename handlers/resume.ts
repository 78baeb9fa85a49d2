import { resumeChat } from '../lib/chat/resume';
import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { ResumeFrame } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { delivery } from '../lib/wiring/delivery';
import { contacts } from '../lib/wiring/history';
import { messages } from '../lib/wiring/messages';
import { limitFrame } from '../lib/wiring/frame-limits';

/** resume: every message after afterSeq, in order, then a `resumed` frame. */
export const handler = wsHandler('resume', async (request) => {
  const frame = parseWith(ResumeFrame, request.body);
  await limitFrame('resume', request.sender);
  await resumeChat({ contacts, messages, delivery }, request.sender, request.connectionId, frame.contact_id, frame.afterSeq);
});
