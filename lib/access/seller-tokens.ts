/**
 * Seller token verification, chosen by config: the local HS256 secret (default), or an identity
 * provider's JWKS, such as a Cognito user pool's, for the deploy. Both check signature, exp, nbf,
 * iss and aud. The JWKS side is aws-jwt-verify's: it fetches and caches the keys, and fetches again
 * (at most every 10 s) when a token names a key it does not know yet.
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { JwtExpiredError, KidNotFoundInJwksError, WaitPeriodNotYetEndedJwkError } from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { unauthorized } from '../platform/errors';
import { verifySellerToken, type SellerClaims } from './tokens';

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
}

function reasonOf(error: unknown): string {
  if (error instanceof JwtExpiredError) return 'token expired';
  if (error instanceof KidNotFoundInJwksError || error instanceof WaitPeriodNotYetEndedJwkError) return 'token signed by an unknown key';
  return 'token invalid';
}

/** Fetches a JWKS with the runtime's fetch: the library's own fetcher speaks https only, a local issuer may be http. */
const jwksFetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`JWKS ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  },
};

export function jwksVerifier(options: JwksOptions): SellerTokenVerifier {
  const verifier = JwtVerifier.create(
    { issuer: options.issuer, audience: options.audience, jwksUri: options.jwksUrl },
    { jwksCache: new SimpleJwksCache({ fetcher: jwksFetcher }) },
  );
  return {
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        payload = (await verifier.verify(token)) as Record<string, unknown>;
      } catch (error) {
        throw unauthorized(reasonOf(error));
      }
      if (typeof payload.exp !== 'number') throw unauthorized('token without expiry');
      const sellerId = payload[options.sellerIdClaim ?? 'sub'];
      if (typeof sellerId !== 'string' || !sellerId) throw unauthorized('token names no seller');
      const teamsValue = payload[options.teamsClaim ?? 'cognito:groups'];
      const teams = Array.isArray(teamsValue) ? teamsValue.filter((t): t is string => typeof t === 'string') : [];
      return { sellerId, teams };
    },
  };
}
