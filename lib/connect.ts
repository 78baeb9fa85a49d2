/** Who is connecting: a visitor by deviceId, or a seller proven by its token. */
import { z } from 'zod';
import type { SellerTokenVerifier } from './seller-verifier';
import type { Identity, SellerIdentity } from './connections';
import type { ConnectionStore } from './connections';
import { badRequest, limitExceeded, unauthorized } from './errors';

const userIdFormat = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:@-]+$/);

export type ConnectingIdentity = (Identity & { role: 'visitor' }) | SellerIdentity;

/**
 * Reads `?userId=&role=&token=` of a $connect. Throws BAD_REQUEST (upgrade refused with 400) or
 * UNAUTHORIZED (401).
 */
export async function identifyConnection(
  query: Record<string, string | undefined> | null | undefined,
  sellerTokens: SellerTokenVerifier,
): Promise<ConnectingIdentity> {
  const userId = query?.userId;
  if (!userId) throw badRequest('userId query parameter is required');
  if (!userIdFormat.safeParse(userId).success) {
    throw badRequest('userId must be 1-128 letters, digits or . _ : @ -');
  }
  const role = query?.role ?? 'visitor';
  if (role === 'visitor') return { role: 'visitor', userId };
  if (role !== 'seller') throw badRequest('role must be visitor or seller');

  const token = query?.token;
  if (!token) throw unauthorized('a seller connection needs a token');
  const claims = await sellerTokens.verify(token);
  if (claims.sellerId !== userId) throw unauthorized('the token belongs to another seller');
  return { role: 'seller', userId, teams: claims.teams, maxChats: claims.maxChats };
}

/**
 * Refuses one connection too many for an identity (LIMIT_EXCEEDED, upgrade refused with 429).
 * A soft limit: two simultaneous upgrades may both pass the count.
 */
export async function admitConnection(connections: Pick<ConnectionStore, 'listIds'>, identity: Identity, max: number): Promise<void> {
  const open = (await connections.listIds(identity)).length;
  if (open >= max) throw limitExceeded(`${identity.role} ${identity.userId} already has ${open} connections; the limit is ${max}`);
}
