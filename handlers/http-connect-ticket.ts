import { grantConnectTicket } from '../lib/access/connect-tickets';
import { sellerTokenVerifier } from '../lib/wiring/credentials';
import { tokenSecret } from '../lib/wiring/token-secret';
import { rateLimiter } from '../lib/wiring/rate-limiter';
import { bearerToken } from '../lib/access/tokens';
import { bodyText, httpHandler } from '../lib/lambda-adapters/http-adapter';
import { config } from '../lib/wiring/config';
import { ConnectTicketBody } from '../lib/protocol/inbound';
import { parseJsonObject, parseWith } from '../lib/protocol/parse';
import type { ConnectTicketAnswer } from '../lib/protocol/views';

const { limits: settings, customerSecrets, rateLimits } = config();
const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString();

/** POST /v1/connect-tickets: a single-use ticket for the next upgrade, for a visitor session, a seller token, a shop's signed customer, or a new visitor. */
export const handler = httpHandler('POST /v1/connect-tickets', async ({ event }) => {
  const raw = bodyText(event);
  const { customer } = raw ? parseWith(ConnectTicketBody, parseJsonObject(raw, 'body')) : {};
  const newVisitors = { limiter: rateLimiter, policy: rateLimits.newVisitorsPerAddress, exempt: rateLimits.exemptAddresses, sourceIp: event.requestContext?.http?.sourceIp };
  const deps = { secret: await tokenSecret(), sellerTokens: await sellerTokenVerifier(), settings, customerSecrets, newVisitors };
  const grant = await grantConnectTicket(deps, bearerToken(event.headers), customer);
  const answer: ConnectTicketAnswer = {
    ticket: grant.ticket,
    ticketExpiresAt: isoOf(grant.ticketExpiresAt),
    role: grant.holder.role,
    userId: grant.holder.userId,
    ...(grant.visitorSession ? { visitorSession: grant.visitorSession, visitorSessionExpiresAt: isoOf(grant.visitorSessionExpiresAt ?? 0) } : {}),
  };
  return { status: 201, body: answer };
});
