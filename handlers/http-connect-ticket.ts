import { grantConnectTicket } from '../lib/access/connect-tickets';
import { sellerTokenVerifier } from '../lib/access/seller-tokens';
import { tokenSecret } from '../lib/access/token-secret';
import { bearerToken } from '../lib/access/tokens';
import { httpHandler } from '../lib/edge/http-adapter';
import { config } from '../lib/platform/config';
import type { ConnectTicketAnswer } from '../lib/protocol/views';

const settings = config().limits;
const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString();

/** POST /v1/connect-tickets: a single-use ticket for the next upgrade, for a visitor session, a seller token, or a new visitor. */
export const handler = httpHandler('POST /v1/connect-tickets', async ({ event }) => {
  const grant = await grantConnectTicket({ secret: await tokenSecret(), sellerTokens: await sellerTokenVerifier(), settings }, bearerToken(event.headers));
  const answer: ConnectTicketAnswer = {
    ticket: grant.ticket,
    ticketExpiresAt: isoOf(grant.ticketExpiresAt),
    role: grant.holder.role,
    userId: grant.holder.userId,
    ...(grant.visitorSession ? { visitorSession: grant.visitorSession, visitorSessionExpiresAt: isoOf(grant.visitorSessionExpiresAt ?? 0) } : {}),
  };
  return { status: 201, body: answer };
});
