import { wsHandler } from '../lib/lambda-adapters/ws-adapter';
import { badRequest } from '../lib/platform/errors';

/** $default: frames whose action matches no route (non-JSON frames land here too and fail to parse). */
export const handler = wsHandler('$default', async (request) => {
  const action = request.body.action;
  if (action === undefined) throw badRequest('action is required');
  throw badRequest(`unknown action ${JSON.stringify(action).slice(0, 80)}`);
});
