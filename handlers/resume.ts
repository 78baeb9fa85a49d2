import { parseWith } from '../lib/protocol';
import { ResumeFrame } from '../lib/protocol-events';
import { resumeChat } from '../lib/resume';
import { wsHandler } from '../lib/ws-adapter';

/** resume: every message after afterSeq, in order, then a `resumed` frame. */
export const handler = wsHandler('resume', async (request, deps) => {
  const frame = parseWith(ResumeFrame, request.body);
  await resumeChat(deps, await request.sender(), request.connectionId, frame.contact_id, frame.afterSeq);
});
