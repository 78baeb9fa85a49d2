/**
 * Our tokens, all HS256 JWTs signed with the deployment's token secret and told apart by `role`:
 * seller tokens, visitorTokens (one chat, for the REST fallback and the history API), visitor
 * sessions (who a visitor is, kept by the widget) and connect tickets (one upgrade, within a minute).
 */
import { randomInt } from 'node:crypto';
import { unauthorized } from '../platform/errors';
import { JwtRefused, peekClaims, signHs256, verifyHs256, type JwtClaims } from './jwt-hs256';
import { isIssuedVisitorId } from './visitor-sessions';

export interface SellerClaims {
  sellerId: string;
  teams: string[];
  maxChats?: number;
}

export interface VisitorClaims {
  deviceId: string;
  contactId: string;
}

const ISSUER = 'seller-chat';
/** Tokens are minted for this service only: a token of another service with the same secret is refused. */
const AUDIENCE = 'seller-chat';
const ours = { issuer: ISSUER, audience: AUDIENCE };

export function signSellerToken(secret: string, sellerId: string, options: { teams?: string[]; maxChats?: number; expiresInSeconds?: number } = {}): string {
  const claims: JwtClaims = { role: 'seller', sub: sellerId };
  if (options.teams?.length) claims.teams = options.teams;
  if (options.maxChats) claims.maxChats = options.maxChats;
  return signHs256(secret, claims, { ...ours, expiresInSeconds: options.expiresInSeconds ?? 12 * 60 * 60 });
}

export function signVisitorToken(secret: string, claims: VisitorClaims, expiresInSeconds: number): string {
  return signHs256(secret, { role: 'visitor', cid: claims.contactId, sub: claims.deviceId }, { ...ours, expiresInSeconds });
}

function verify(secret: string, token: string, role: string, what = 'token'): JwtClaims & { sub: string } {
  let claims: JwtClaims;
  try {
    claims = verifyHs256(secret, token, ours);
  } catch (error) {
    if (error instanceof JwtRefused) throw unauthorized(`${what} ${error.reason}`);
    throw error;
  }
  if (claims.role !== role || typeof claims.sub !== 'string' || !claims.sub) throw unauthorized(what === 'token' ? `not a ${role} token` : `not a ${what}`);
  return claims as JwtClaims & { sub: string };
}

/** Verifies a seller token; throws UNAUTHORIZED with the reason. */
export function verifySellerToken(secret: string, token: string): SellerClaims {
  const claims = verify(secret, token, 'seller');
  const teams = Array.isArray(claims.teams) ? claims.teams.filter((t): t is string => typeof t === 'string') : [];
  const maxChats = typeof claims.maxChats === 'number' && claims.maxChats > 0 ? claims.maxChats : undefined;
  return { sellerId: claims.sub, teams, maxChats };
}

/** Verifies a visitor token from the REST fallback; throws UNAUTHORIZED with the reason. */
export function verifyVisitorToken(secret: string, token: string): VisitorClaims {
  const claims = verify(secret, token, 'visitor');
  if (typeof claims.cid !== 'string') throw unauthorized('visitor token names no contact');
  return { deviceId: claims.sub, contactId: claims.cid };
}

/** A visitor session: the server-issued visitor id, which the widget keeps and trades for connect tickets. */
export function signVisitorSession(secret: string, visitorId: string, expiresInSeconds: number): string {
  return signHs256(secret, { role: 'visitor-session', sub: visitorId }, { ...ours, expiresInSeconds });
}

/** The visitor id of a visitor session; throws UNAUTHORIZED with the reason. */
export function verifyVisitorSession(secret: string, token: string): string {
  return verify(secret, token, 'visitor-session', 'visitor session').sub;
}

/**
 * A visitor's HTTP credential, verified: a visitorToken (one chat, `contactId`) or a visitor
 * session (no chat); undefined for a token of another kind. The unverified role only picks the
 * verifier, which then checks signature, issuer, expiry and role.
 */
export function verifyVisitorCredential(secret: string, token: string): { visitorId: string; contactId?: string } | undefined {
  const role = peekClaims(token)?.role;
  if (role === 'visitor') {
    const claims = verifyVisitorToken(secret, token);
    // only issued visitors hold one now; one minted for a deviceId by an older REST fallback opens nothing
    if (!isIssuedVisitorId(claims.deviceId)) throw unauthorized("a device session's visitorToken is no longer accepted; start a visitor session");
    return { visitorId: claims.deviceId, contactId: claims.contactId };
  }
  if (role === 'visitor-session') return { visitorId: verifyVisitorSession(secret, token) };
  return undefined;
}

/** Who a connect ticket lets in: a visitor by its session, or a seller with what its token said. */
export type TicketHolder = { role: 'visitor'; userId: string } | { role: 'seller'; userId: string; teams: string[]; maxChats?: number };

export interface TicketClaims {
  holder: TicketHolder;
  /**
   * When it was issued, in µs with a random tail: a ticket is the holder's next only while its
   * seq is above the highest the holder redeemed, so each opens at most one socket.
   */
  ticketSeq: number;
}

let lastTicketSeq = 0;

export function signConnectTicket(secret: string, holder: TicketHolder, expiresInSeconds: number): string {
  // increasing within a container; across containers the clock orders them (a rare mis-order costs one retry)
  const seq = (lastTicketSeq = Math.max(lastTicketSeq + 1, Date.now() * 1000 + randomInt(1000)));
  const claims: JwtClaims = { role: 'connect-ticket', sub: holder.userId, as: holder.role, seq };
  if (holder.role === 'seller') {
    claims.teams = holder.teams;
    if (holder.maxChats) claims.maxChats = holder.maxChats;
  }
  return signHs256(secret, claims, { ...ours, expiresInSeconds });
}

/** Checks a connect ticket's signature, expiry and shape; whether it was used already is for the connection's registration to say. */
export function verifyConnectTicket(secret: string, token: string): TicketClaims {
  const claims = verify(secret, token, 'connect-ticket', 'ticket');
  if (!Number.isSafeInteger(claims.seq)) throw unauthorized('ticket invalid');
  const common = { ticketSeq: claims.seq as number };
  if (claims.as === 'visitor') return { ...common, holder: { role: 'visitor', userId: claims.sub } };
  if (claims.as !== 'seller') throw unauthorized('ticket invalid');
  const teams = Array.isArray(claims.teams) ? claims.teams.filter((t): t is string => typeof t === 'string') : [];
  const maxChats = typeof claims.maxChats === 'number' && claims.maxChats > 0 ? claims.maxChats : undefined;
  return { ...common, holder: { role: 'seller', userId: claims.sub, teams, ...(maxChats ? { maxChats } : {}) } };
}

/** The token of an `Authorization: Bearer <token>` header; none without the header; UNAUTHORIZED for any other form. */
export function bearerToken(headers: Record<string, string | undefined> | null | undefined): string | undefined {
  const header = headers?.authorization ?? headers?.Authorization;
  if (header === undefined || header.trim() === '') return undefined;
  const match = header.match(/^Bearer\s+(\S+)$/i);
  // a credential the client meant to send, in a form we do not take, must not pass as no credential at all
  if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
  return match[1];
}
