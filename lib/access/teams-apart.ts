/**
 * Teams and sellers share the name space of targets (InitChat's `sellerId` names either), so a team
 * called like another seller (an identity provider's group named `seller-2`, say) would let its
 * members see that seller's queue. A seller is known by its item; these keep a token's teams apart
 * from the known sellers. Apart from seller-tokens.ts so that $connect does not bundle the verifiers.
 */
import { forbidden } from '../platform/errors';
import type { SellerTokenVerifier } from './seller-tokens';

/** A verifier whose tokens' teams never name a known seller: those are dropped from the claims; everything else passes unchanged. */
export function teamsApartFromSellers(verifier: SellerTokenVerifier, knownSellers: (ids: string[]) => Promise<Set<string>>): SellerTokenVerifier {
  return {
    async verify(token) {
      const claims = await verifier.verify(token);
      if (claims.teams.length === 0) return claims;
      const sellers = await knownSellers(claims.teams);
      return sellers.size ? { ...claims, teams: claims.teams.filter((team) => !sellers.has(team)) } : claims;
    },
  };
}

/**
 * For a seller connecting with `?token=` (its teams unchecked by the authorizer, which reads no
 * table): FORBIDDEN when a team names a known seller. A ticket's teams were checked when it was issued.
 */
export async function refuseTeamsNamingSellers(teams: string[], knownSellers: (ids: string[]) => Promise<Set<string>>): Promise<void> {
  if (teams.length === 0) return;
  const sellers = [...(await knownSellers(teams))];
  if (sellers.length) throw forbidden(`the token's teams name a seller (${sellers.join(', ')}); teams and sellers are kept apart`);
}
