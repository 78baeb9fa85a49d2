/**
 * Who is calling the history API: a seller (its token names its teams) or a visitor (its
 * visitorToken or its visitor session names it). The identity comes from the verified token only, never from
 * the path, query or body.
 */
import { forbidden, unauthorized } from '../platform/errors';
import { peekClaims } from './jwt-hs256';
import type { SellerTokenVerifier } from './seller-tokens';
import { bearerToken, verifyVisitorCredential } from './tokens';

export interface SellerCaller {
  role: 'seller';
  sellerId: string;
  teams: string[];
}

export interface VisitorCaller {
  role: 'visitor';
  /** the visitor's id: its deviceId, or the id its visitor session was issued */
  deviceId: string;
  /** the chat a visitorToken was issued for; none for a visitor session */
  contactId?: string;
}

export type Caller = SellerCaller | VisitorCaller;

/** Verifies the bearer token of a request; throws UNAUTHORIZED when it is missing, invalid or expired. */
export async function authenticate(headers: Record<string, string | undefined> | null | undefined, secret: string, sellerTokens: SellerTokenVerifier): Promise<Caller> {
  const token = bearerToken(headers);
  if (!token) throw unauthorized('an Authorization: Bearer token is required');
  const visitor = verifyVisitorCredential(secret, token);
  if (visitor) return { role: 'visitor', deviceId: visitor.visitorId, ...(visitor.contactId ? { contactId: visitor.contactId } : {}) };
  if (peekClaims(token)?.role === 'connect-ticket') throw unauthorized('a ticket opens a socket; it is no credential for this API');
  // an identity provider's seller token carries no role of ours
  const claims = await sellerTokens.verify(token);
  return { role: 'seller', sellerId: claims.sellerId, teams: claims.teams };
}

/** Refuses visitors on seller-only routes with FORBIDDEN. */
export function requireSeller(caller: Caller): SellerCaller {
  if (caller.role !== 'seller') throw forbidden('only sellers may do this');
  return caller;
}

/** Refuses sellers on visitor-only routes with FORBIDDEN. */
export function requireVisitor(caller: Caller): VisitorCaller {
  if (caller.role !== 'visitor') throw forbidden('only visitors may do this');
  return caller;
}
