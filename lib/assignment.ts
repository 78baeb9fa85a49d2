/**
 * Seller assignment. `S` in InitChat names a seller or a team: the candidates are seller S itself
 * and the members of team S, kept to those online with spare capacity. A strategy orders them;
 * a returning visitor's previous seller goes first. Each candidate's slot is taken with a
 * conditional write, so concurrent InitChats never push a seller past its capacity.
 */
import type { AssignmentStrategyName } from './config';
import type { SellerState, SellerStore } from './sellers';
import type { ConnectionStore } from './connections';

export interface AssignmentStrategy {
  readonly name: AssignmentStrategyName;
  /** Orders sellers with spare capacity, best first. */
  order(candidates: SellerState[]): SellerState[];
}

const byLastAssigned = (a: SellerState, b: SellerState) =>
  a.lastAssignedAt.localeCompare(b.lastAssignedAt) || a.sellerId.localeCompare(b.sellerId);

/** Fewest active chats first; on a tie the one assigned longest ago (round robin). */
export const leastActive: AssignmentStrategy = {
  name: 'least-active',
  order: (candidates) => [...candidates].sort((a, b) => a.activeChats - b.activeChats || byLastAssigned(a, b)),
};

/** Strict rotation: the seller assigned longest ago first. */
export const roundRobin: AssignmentStrategy = {
  name: 'round-robin',
  order: (candidates) => [...candidates].sort(byLastAssigned),
};

export function strategyNamed(name: AssignmentStrategyName): AssignmentStrategy {
  return name === 'round-robin' ? roundRobin : leastActive;
}

/** Capacity and presence filter (away sellers get nothing new), strategy order, then the sticky seller moved to the front. Pure, for unit tests. */
export function rankCandidates(
  states: SellerState[],
  strategy: AssignmentStrategy,
  previousSellerId?: string,
): string[] {
  const ordered = strategy.order(states.filter((s) => s.activeChats < s.maxChats && !s.away)).map((s) => s.sellerId);
  if (previousSellerId && ordered.includes(previousSellerId)) {
    return [previousSellerId, ...ordered.filter((id) => id !== previousSellerId)];
  }
  return ordered;
}

/** The sellers behind target `S`, who serve its queue: seller S itself and the members of team S. */
export async function queueSellers(sellers: Pick<SellerStore, 'teamMembers'>, target: string): Promise<string[]> {
  return [...new Set([target, ...(await sellers.teamMembers(target))])];
}

export interface AssignmentDeps {
  sellers: Pick<SellerStore, 'teamMembers' | 'states' | 'reserveSlot'>;
  connections: ConnectionStore;
  strategy: AssignmentStrategy;
  defaultMaxChats: number;
}

/** Picks and reserves a seller for target `S` (never one in `exclude`), or returns null when nobody is available (queue). */
export async function assignSeller(
  deps: AssignmentDeps,
  target: string,
  previousSellerId?: string,
  options: { exclude?: string[] } = {},
): Promise<string | null> {
  const candidateIds = (await queueSellers(deps.sellers, target)).filter((id) => !options.exclude?.includes(id));
  const online = await Promise.all(
    candidateIds.map(async (sellerId) => ((await deps.connections.isOnline({ role: 'seller', userId: sellerId })) ? sellerId : null)),
  );
  const onlineIds = online.filter((id): id is string => id !== null);
  const states = await deps.sellers.states(onlineIds, deps.defaultMaxChats);
  for (const sellerId of rankCandidates(states, deps.strategy, previousSellerId)) {
    if (await deps.sellers.reserveSlot(sellerId, deps.defaultMaxChats)) return sellerId;
  }
  return null;
}
