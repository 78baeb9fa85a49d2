/**
 * This container's seller-token verifier (SELLER_TOKEN_VERIFIER chooses it; a token's teams that
 * name a known seller are dropped) and the caller of an HTTP request, built once.
 */
import { authenticate, type Caller } from '../access/callers';
import type { SellerTokenVerifier } from '../access/seller-tokens';
import { teamsApartFromSellers } from '../access/teams-apart';
import { plainSellerTokenVerifier } from './seller-verifier';
import { sellers } from './sellers';
import { tokenSecret } from './token-secret';

let configured: Promise<SellerTokenVerifier> | undefined;

/** The seller-token verifier of the HTTP routes and the tickets: a token's teams that name a known seller are dropped. */
export function sellerTokenVerifier(): Promise<SellerTokenVerifier> {
  configured ??= (async () =>
    // a seller is known by its item (written when it first connects)
    teamsApartFromSellers(await plainSellerTokenVerifier(), async (ids) => new Set((await sellers.getMany(ids)).keys())))();
  configured.catch(() => (configured = undefined));
  return configured;
}

/** The caller of an HTTP request, by its bearer token and the deployment's token secret. */
export async function callerOf(headers: Record<string, string | undefined> | null | undefined): Promise<Caller> {
  return authenticate(headers, await tokenSecret(), await sellerTokenVerifier());
}
