/**
 * Who is connecting, decided by the $connect authorizer: whoever a single-use connect ticket names
 * (a visitor session or a seller; what our pages use), a seller proven by its token in the URL
 * (`wscat`), or a visitor by its deviceId alone (the seed widget's device session). The authorizer can only allow or answer 401, so the refusals that have another
 * status (a malformed userId: 400; a widget page its seller does not allow: 403) are allowed
 * through with the refusal in the context, and $connect answers them.
 */
import { badRequest, ChatError, unauthorized } from '../platform/errors';
import { Id } from '../protocol/ids';
import { toAuthorizerContext, type AuthorizerContext } from './connection-identity';
import type { SellerIdentity, VisitorIdentity } from '../model/identity';
import { checkOrigin, originOf, type OriginAllowList } from './origins';
import type { SellerTokenVerifier } from './seller-tokens';
import { verifyConnectTicket } from './tokens';
import { checkDeviceId } from './visitor-sessions';

/** Who connects; `ticketSeq` when a ticket said so, for the registration to redeem it. */
export type ConnectingIdentity = (VisitorIdentity | SellerIdentity) & { ticketSeq?: number };

export interface IdentifyDeps {
  sellerTokens: SellerTokenVerifier;
  /** the secret connect tickets are signed with */
  ticketSecret: string;
}

/**
 * Reads `?ticket=` or `?userId=&role=&token=` of a $connect. Throws BAD_REQUEST (upgrade refused
 * with 400) or UNAUTHORIZED (401).
 */
export async function identifyConnection(query: Record<string, string | undefined> | null | undefined, deps: IdentifyDeps): Promise<ConnectingIdentity> {
  if (query?.ticket) {
    const { holder, ticketSeq } = verifyConnectTicket(deps.ticketSecret, query.ticket);
    if (query.userId !== undefined && query.userId !== holder.userId) throw unauthorized('the ticket belongs to another identity');
    return { ...holder, ticketSeq };
  }
  const userId = query?.userId;
  if (!userId) throw badRequest('a ticket or a userId query parameter is required');
  if (!Id.safeParse(userId).success) throw badRequest('userId must be 1-128 letters, digits or . _ : @ -');
  const role = query?.role ?? 'visitor';
  if (role === 'visitor') {
    checkDeviceId(userId);
    return { role: 'visitor', userId };
  }
  if (role !== 'seller') throw badRequest('role must be visitor or seller');

  const token = query?.token;
  if (!token) throw unauthorized('a seller connection needs a token');
  const claims = await deps.sellerTokens.verify(token);
  if (claims.sellerId !== userId) throw unauthorized('the token belongs to another seller');
  return { role: 'seller', userId, teams: claims.teams, maxChats: claims.maxChats };
}

export interface UpgradeRequest {
  query: Record<string, string | undefined> | null | undefined;
  headers: Record<string, string | undefined> | null | undefined;
  sourceIp?: string;
}

/** The authorizer's decision: a context to allow with (perhaps carrying a refusal for $connect), or 401. */
export type UpgradeDecision = { allow: AuthorizerContext } | { unauthorized: string };

export async function decideUpgrade(request: UpgradeRequest, deps: IdentifyDeps & { widgetOrigins: OriginAllowList }): Promise<UpgradeDecision> {
  try {
    const identity = await identifyConnection(request.query, deps);
    const origin = originOf(request.headers);
    // a widget that names its seller on the upgrade is checked right here; InitChat checks the rest
    const widgetOf = request.query?.sellerId;
    if (identity.role === 'visitor' && widgetOf) checkOrigin(deps.widgetOrigins, widgetOf, origin);
    return { allow: toAuthorizerContext({ ...identity, origin, sourceIp: request.sourceIp }) };
  } catch (error) {
    if (!(error instanceof ChatError)) throw error;
    if (error.code === 'UNAUTHORIZED') return { unauthorized: error.message };
    return { allow: { refused: error.code, reason: error.message } };
  }
}
