import { parseWith } from '../lib/protocol';
import { eventFrames, PingFrame } from '../lib/protocol-events';
import { wsHandler } from '../lib/ws-adapter';

/** ping: answers pong; any frame resets API Gateway's 10-minute idle timeout. */
export const handler = wsHandler('ping', async (request) => {
  parseWith(PingFrame, request.body);
  await request.reply(eventFrames.pong(new Date().toISOString()));
});
