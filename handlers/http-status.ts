import { requireSeller } from '../lib/access/callers';
import { callerOf } from '../lib/wiring/credentials';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { config } from '../lib/wiring/config';
import { serviceStatus } from '../lib/routing/service-status';
import { sellers } from '../lib/wiring/sellers';
import { targets } from '../lib/wiring/targets';
import { ratings } from '../lib/wiring/ratings';
import { ratingDays } from '../lib/chat/rating';

/** GET /v1/status (seller token): version, stage, table names, the seller's queues with their sellers' states, and each queue's 7-day rating average. */
export const handler = httpHandler('GET /v1/status', async ({ event }) => {
  const seller = requireSeller(await callerOf(event.headers));
  return { status: 200, body: await serviceStatus({ targets, sellers, ratings }, { userId: seller.sellerId, teams: seller.teams }, config(), ratingDays()) };
});
