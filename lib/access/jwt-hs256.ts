/**
 * HS256 JSON Web Tokens with node:crypto alone: our seller tokens and visitorTokens are signed and
 * checked here (an identity provider's RS256 tokens go through seller-tokens.ts). The header must
 * say HS256 (never `none`), the signature is compared in constant time, and `exp`, `nbf`, `iss`
 * and `aud` are checked.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type JwtClaims = Record<string, unknown> & { sub?: string; exp?: number; nbf?: number; iss?: string; aud?: string | string[] };

/** Why a token was refused: `expired` is told apart because clients react to it (sign in again). */
export class JwtRefused extends Error {
  constructor(readonly reason: 'expired' | 'invalid' | 'without expiry') {
    super(`token ${reason}`);
  }
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const sign = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest();

/**
 * The token secret may hold several keys separated by whitespace: tokens are signed with the first
 * and accepted under any. A rotation puts the new key first and keeps the old one behind it until
 * the tokens signed with it have expired (docs/operations.md), so nobody is signed out.
 */
const keysOf = (secret: string): string[] => secret.split(/\s+/).filter(Boolean);

export function signHs256(secret: string, claims: JwtClaims, options: { issuer: string; audience: string; expiresInSeconds: number }): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { ...claims, iat: now, exp: now + options.expiresInSeconds, iss: options.issuer, aud: options.audience };
  const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const [signingKey = secret] = keysOf(secret);
  return `${body}.${sign(signingKey, body).toString('base64url')}`;
}

function decodePart(part: string | undefined): Record<string, unknown> {
  if (!part) throw new JwtRefused('invalid');
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new JwtRefused('invalid');
    return value as Record<string, unknown>;
  } catch {
    throw new JwtRefused('invalid');
  }
}

/** The claims of a token we signed with `secret`; throws JwtRefused. */
export function verifyHs256(secret: string, token: string, expected: { issuer: string; audience: string }, now = Date.now()): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtRefused('invalid');
  const [header, payload, signature] = parts as [string, string, string];
  if (decodePart(header).alg !== 'HS256') throw new JwtRefused('invalid');
  const given = Buffer.from(signature, 'base64url');
  const signedWith = (key: string) => {
    const expected = sign(key, `${header}.${payload}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  if (!keysOf(secret).some(signedWith)) throw new JwtRefused('invalid');
  const claims = decodePart(payload) as JwtClaims;
  const seconds = now / 1000;
  // a token that never expires would outlive every rotation of the secret's users: exp is required
  if (typeof claims.exp !== 'number') throw new JwtRefused('without expiry');
  if (seconds >= claims.exp) throw new JwtRefused('expired');
  if (typeof claims.nbf === 'number' && seconds < claims.nbf) throw new JwtRefused('invalid');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== expected.issuer || !audiences.includes(expected.audience)) throw new JwtRefused('invalid');
  return claims;
}

/** The claims of any JWT, unverified: only to pick which verifier checks it. */
export function peekClaims(token: string): Record<string, unknown> | undefined {
  try {
    return decodePart(token.split('.')[1]);
  } catch {
    return undefined;
  }
}
