import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { PingFrame } from '../lib/protocol/inbound';
import { frames } from '../lib/protocol/outbound';
import { parseWith } from '../lib/protocol/parse';

/**
 * ping, locally only: serverless-offline cannot run a MOCK integration, so this Lambda answers the
 * `pong` that API Gateway's MOCK route answers on AWS. resources/keepalive-plugin.js drops this function
 * from the deploy and puts the MOCK route in its place: a deployed ping costs its two frames, no Lambda.
 */
export const handler = wsHandler('ping', async (request) => {
  parseWith(PingFrame, request.body);
  request.reply(frames.pong());
});
