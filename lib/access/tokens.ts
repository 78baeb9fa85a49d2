/** Seller and visitor tokens: HS256 JWTs signed with the deployment's token secret. */
import { unauthorized } from '../platform/errors';
import { JwtRefused, signHs256, verifyHs256, type JwtClaims } from './jwt-hs256';

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

export function signSellerToken(
  secret: string,
  sellerId: string,
  options: { teams?: string[]; maxChats?: number; expiresInSeconds?: number } = {},
): string {
  const claims: JwtClaims = { role: 'seller', sub: sellerId };
  if (options.teams?.length) claims.teams = options.teams;
  if (options.maxChats) claims.maxChats = options.maxChats;
  return signHs256(secret, claims, { ...ours, expiresInSeconds: options.expiresInSeconds ?? 12 * 60 * 60 });
}

export function signVisitorToken(secret: string, claims: VisitorClaims, expiresInSeconds: number): string {
  return signHs256(secret, { role: 'visitor', cid: claims.contactId, sub: claims.deviceId }, { ...ours, expiresInSeconds });
}

function verify(secret: string, token: string, role: string): JwtClaims & { sub: string } {
  let claims: JwtClaims;
  try {
    claims = verifyHs256(secret, token, ours);
  } catch (error) {
    if (error instanceof JwtRefused) throw unauthorized(error.message);
    throw error;
  }
  if (claims.role !== role || typeof claims.sub !== 'string' || !claims.sub) throw unauthorized(`not a ${role} token`);
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

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearerToken(headers: Record<string, string | undefined> | null | undefined): string | undefined {
  const header = headers?.authorization ?? headers?.Authorization;
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
