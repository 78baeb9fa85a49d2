/**
 * Connect tickets: `POST /v1/connect-tickets` trades a credential sent in an `Authorization`
 * header (a visitor session, a seller token, or nothing for a new visitor) for a ticket that opens
 * one WebSocket within a minute (`?ticket=`). A URL ends up in access logs and browser tooling;
 * a ticket found there is already used or expired. The $connect authorizer checks the ticket
 * (lib/access/connecting.ts); the connection's registration redeems it (identity-store `register`).
 */
import { unauthorized } from '../platform/errors';
import { peekClaims } from './jwt-hs256';
import type { SellerTokenVerifier } from './seller-tokens';
import { signConnectTicket, signVisitorSession, verifyVisitorSession, type TicketHolder } from './tokens';
import { newVisitorId, verifiedCustomerVisitorId, type CustomerSecrets, type SignedCustomer } from './visitor-sessions';
import { addressBucket, bucketNames, enforce, type BucketPolicy, type ExemptAddresses, type RateLimiter } from './rate-limit';

export interface TicketSettings {
  connectTicketTtlSeconds: number;
  visitorSessionTtlSeconds: number;
}

export interface TicketGrant {
  ticket: string;
  /** seconds since the epoch */
  ticketExpiresAt: number;
  holder: TicketHolder;
  /** a visitor's session, new or renewed: the widget keeps it in place of the one it sent */
  visitorSession?: string;
  visitorSessionExpiresAt?: number;
}

/** New visitors per source address: each is a fresh identity, which per-visitor limits cannot hold. */
export interface NewVisitorLimit {
  limiter: RateLimiter;
  policy: BucketPolicy;
  exempt: ExemptAddresses;
  sourceIp?: string;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Issues a ticket for the bearer of `credential`; without one, for a new visitor with a new
 * session, or for the shop's signed `customer`, whose session is the same on every device.
 */
export async function grantConnectTicket(
  deps: { secret: string; sellerTokens: SellerTokenVerifier; settings: TicketSettings; customerSecrets?: CustomerSecrets; newVisitors?: NewVisitorLimit },
  credential: string | undefined,
  customer?: SignedCustomer,
): Promise<TicketGrant> {
  const { secret, settings } = deps;
  const ticketFor = (holder: TicketHolder) => ({
    holder,
    ticket: signConnectTicket(secret, holder, settings.connectTicketTtlSeconds),
    ticketExpiresAt: nowSeconds() + settings.connectTicketTtlSeconds,
  });
  // the unverified role only picks the verifier; each verifier checks signature, issuer, expiry and role
  const role = credential ? peekClaims(credential)?.role : undefined;
  if (customer && credential) throw unauthorized('send either a signed customer or a credential, not both');
  if (!credential || role === 'visitor-session') {
    if (!customer && !credential && deps.newVisitors) {
      const { limiter, policy, exempt, sourceIp } = deps.newVisitors;
      await enforce(limiter, addressBucket(sourceIp, exempt, { key: bucketNames.newVisitors, policy, what: 'new visitors from this address' }));
    }
    const visitorId = customer ? verifiedCustomerVisitorId(deps.customerSecrets ?? {}, customer) : credential ? verifyVisitorSession(secret, credential) : newVisitorId();
    return {
      ...ticketFor({ role: 'visitor', userId: visitorId }),
      visitorSession: signVisitorSession(secret, visitorId, settings.visitorSessionTtlSeconds),
      visitorSessionExpiresAt: nowSeconds() + settings.visitorSessionTtlSeconds,
    };
  }
  if (role === 'visitor') throw unauthorized('a visitorToken opens one chat over HTTP; send the visitor session instead');
  if (role === 'connect-ticket') throw unauthorized('a ticket opens a socket (?ticket=); it cannot buy another');
  const seller = await deps.sellerTokens.verify(credential);
  return ticketFor({ role: 'seller', userId: seller.sellerId, teams: seller.teams, ...(seller.maxChats ? { maxChats: seller.maxChats } : {}) });
}
