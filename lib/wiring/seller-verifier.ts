/**
 * This container's seller-token verifier as SELLER_TOKEN_VERIFIER chooses it, taking teams as the
 * token says. The $connect authorizer uses it as it is (no table access, a small bundle); $connect
 * then refuses a `?token=` whose teams name a seller (credentials.ts has the verifier that drops them).
 */
import { hs256Verifier, jwksVerifier, type SellerTokenVerifier } from '../access/seller-tokens';
import { config } from './config';
import { tokenSecret } from './token-secret';

let configured: Promise<SellerTokenVerifier> | undefined;

export function plainSellerTokenVerifier(): Promise<SellerTokenVerifier> {
  configured ??= (async () => {
    const settings = config().sellerTokens;
    return settings.kind === 'jwks' ? jwksVerifier(settings) : hs256Verifier(await tokenSecret());
  })();
  configured.catch(() => (configured = undefined));
  return configured;
}
