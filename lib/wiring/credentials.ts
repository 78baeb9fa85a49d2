/**
 * This container's credentials, built once: the token secret (SELLER_TOKEN_SECRET locally, SSM on
 * AWS), the seller-token verifier SELLER_TOKEN_VERIFIER chooses, and the caller of an HTTP request.
 */
import { authenticate, type Caller } from '../access/callers';
import { hs256Verifier, jwksVerifier, teamsApartFromSellers, type SellerTokenVerifier } from '../access/seller-tokens';
import { sellers } from './sellers';
import { config } from './config';
import { readSecureParameter } from '../platform/ssm-parameter';

let secretPromise: Promise<string> | undefined;

/** The token signing secret: SELLER_TOKEN_SECRET when set (local mode), otherwise read once from SSM Parameter Store. */
export function tokenSecret(): Promise<string> {
  secretPromise ??= (async () => {
    const fromEnv = config().sellerTokenSecret;
    if (fromEnv) return fromEnv;
    const name = config().tokenSecretParameter;
    if (!name) throw new Error('neither SELLER_TOKEN_SECRET nor TOKEN_SECRET_PARAMETER is set');
    return readSecureParameter(name, { region: config().region });
  })();
  // a failed read is not cached: the next request tries again
  secretPromise.catch(() => (secretPromise = undefined));
  return secretPromise;
}

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
