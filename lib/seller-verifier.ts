/**
 * Seller token verification, chosen by config: the local HS256 secret (default), or a JWKS issuer
 * such as a Cognito user pool for the deploy. Both check signature, exp, nbf, iss and aud.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { type SellerClaims, tokenSecret, verifySellerToken } from './auth';
import { config } from './config';
import { unauthorized } from './errors';

export interface SellerTokenVerifier {
  verify(token: string): Promise<SellerClaims>;
}

export function hs256Verifier(secret: string): SellerTokenVerifier {
  return { verify: async (token) => verifySellerToken(secret, token) };
}

export interface JwksOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** claim naming the seller; Cognito's `sub` by default */
  sellerIdClaim?: string;
  /** claim listing the seller's teams; Cognito groups by default */
  teamsClaim?: string;
  /** how long fetched keys are trusted before they are fetched again */
  cacheSeconds?: number;
}

type Jwk = JsonWebKey & { kid?: string };

export function jwksVerifier(options: JwksOptions): SellerTokenVerifier {
  const cacheMs = (options.cacheSeconds ?? 600) * 1000;
  let keys: Map<string, KeyObject> | undefined;
  let fetchedAt = 0;

  const fetchKeys = async () => {
    const response = await fetch(options.jwksUrl, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`JWKS ${options.jwksUrl} answered ${response.status}`);
    const body = (await response.json()) as { keys?: Jwk[] };
    keys = new Map((body.keys ?? []).filter((key) => key.kid).map((key) => [key.kid as string, createPublicKey({ key, format: 'jwk' })]));
    fetchedAt = Date.now();
  };

  const keyFor = async (kid: string) => {
    if (!keys || Date.now() - fetchedAt > cacheMs) await fetchKeys();
    // a key rotated in since the last fetch: look once more, at most every 30 s
    if (!keys?.has(kid) && Date.now() - fetchedAt > 30_000) await fetchKeys();
    return keys?.get(kid);
  };

  return {
    async verify(token) {
      const decoded = jwt.decode(token, { complete: true });
      const kid = decoded && typeof decoded === 'object' ? decoded.header.kid : undefined;
      if (!kid) throw unauthorized('token invalid');
      const key = await keyFor(kid);
      if (!key) throw unauthorized('token signed by an unknown key');
      let payload: string | jwt.JwtPayload;
      try {
        payload = jwt.verify(token, key, { algorithms: ['RS256'], issuer: options.issuer, audience: options.audience });
      } catch (error) {
        throw unauthorized(error instanceof jwt.TokenExpiredError ? 'token expired' : 'token invalid');
      }
      if (typeof payload === 'string') throw unauthorized('token invalid');
      const sellerId = payload[options.sellerIdClaim ?? 'sub'];
      if (typeof sellerId !== 'string' || !sellerId) throw unauthorized('token names no seller');
      const teamsValue = payload[options.teamsClaim ?? 'cognito:groups'];
      const teams = Array.isArray(teamsValue) ? teamsValue.filter((t): t is string => typeof t === 'string') : [];
      return { sellerId, teams };
    },
  };
}

let configured: Promise<SellerTokenVerifier> | undefined;

/** This container's seller-token verifier, as SELLER_TOKEN_VERIFIER chooses. */
export function sellerTokenVerifier(): Promise<SellerTokenVerifier> {
  configured ??= (async () => {
    const settings = config().sellerTokens;
    return settings.kind === 'jwks' ? jwksVerifier(settings) : hs256Verifier(await tokenSecret());
  })();
  configured.catch(() => (configured = undefined));
  return configured;
}
