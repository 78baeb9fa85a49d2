/**
 * This container's seller-token verifier (SELLER_TOKEN_VERIFIER chooses it; a token's teams that
 * name a known seller are dropped) and the caller of an HTTP request, built once.
 */
import { authenticate, type Caller } from '../access/callers';
import { hs256Verifier, jwksVerifier, teamsApartFromSellers, type SellerTokenVerifier } from '../access/seller-tokens';
import { sellers } from './sellers';
import { config } from './config';
import { tokenSecret } from './token-secret';

let configured: Promise<SellerTokenVerifier> | undefined;

/** This container's seller-token verifier, as SELLER_TOKEN_VERIFIER chooses. */
export function sellerTokenVerifier(): Promise<SellerTokenVerifier> {
  configured ??= (async () => {
    const settings = config().sellerTokens;
    const verifier = settings.kind === 'jwks' ? jwksVerifier(settings) : hs256Verifier(await tokenSecret());
    // a seller is known by its item (written when it first connects)
    return teamsApartFromSellers(verifier, async (ids) => new Set((await sellers.getMany(ids)).keys()));
  })();
  configured.catch(() => (configured = undefined));
  return configured;
}

/** The caller of an HTTP request, by its bearer token and the deployment's token secret. */
export async function callerOf(headers: Record<string, string | undefined> | null | undefined): Promise<Caller> {
  return authenticate(headers, await tokenSecret(), await sellerTokenVerifier());
}
