import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { PingFrame } from '../lib/protocol/inbound';
import { frames } from '../lib/protocol/outbound';
import { parseWith } from '../lib/protocol/parse';

/** ping: answers pong; any frame resets API Gateway's 10-minute idle timeout. */
export const handler = wsHandler('ping', async (request) => {
  parseWith(PingFrame, request.body);
  request.reply(frames.pong(new Date().toISOString()));
});
