/**
 * Seller assignment. `S` in InitChat names a seller or a team: the candidates are seller S itself
 * and the members of team S, kept to those online with spare capacity and not away. A strategy
 * orders them; a returning visitor's previous seller goes first. The slot itself is taken by the
 * chat lifecycle, with a conditional write, so concurrent InitChats never push a seller past its
 * capacity.
 */
import { liveConnections, type Connection } from '../store/identity-store';
import { sellerRecord, type SellerItem } from '../store/seller-store';

export type AssignmentStrategyName = 'least-active' | 'round-robin';

/** What assignment reads of one seller. */
export interface SellerState {
  sellerId: string;
  activeChats: number;
  maxChats: number;
  /** ISO time of the last assignment; the oldest goes next on a tie (round robin). */
  lastAssignedAt: string;
  /** An away seller gets no new chats. */
  away?: boolean;
  /** A seller with no live connection gets no new chats. */
  online?: boolean;
  /** Its live connections, so the one chosen is told without another read. */
  connections?: Connection[];
}

export interface AssignmentStrategy {
  readonly name: AssignmentStrategyName;
  /** Orders sellers with spare capacity, best first. */
  order(candidates: SellerState[]): SellerState[];
}

const byLastAssigned = (a: SellerState, b: SellerState) => a.lastAssignedAt.localeCompare(b.lastAssignedAt) || a.sellerId.localeCompare(b.sellerId);

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

/**
 * Online and capacity and presence filter (away sellers get nothing new), strategy order, then the
 * sticky seller moved to the front; never one in `exclude`. Pure, for unit tests.
 */
export function rankCandidates(states: SellerState[], strategy: AssignmentStrategy, previousSellerId?: string, exclude: string[] = []): string[] {
  const available = states.filter((s) => s.online !== false && s.activeChats < s.maxChats && !s.away && !exclude.includes(s.sellerId));
  const ordered = strategy.order(available).map((s) => s.sellerId);
  if (previousSellerId && ordered.includes(previousSellerId)) {
    return [previousSellerId, ...ordered.filter((id) => id !== previousSellerId)];
  }
  return ordered;
}

/** The sellers behind target `S`, who serve its queue: seller S itself and the members of team S. */
export function queueSellers(target: string, members: Iterable<string> = []): string[] {
  return [...new Set([target, ...members])];
}

/** What assignment ranks a seller by, read from its item; a seller with no live connection is offline. */
export function sellerState(sellerId: string, item: SellerItem | undefined, defaultMaxChats: number, ttlMs: number): SellerState {
  const record = sellerRecord(sellerId, item, ttlMs);
  return {
    sellerId,
    activeChats: record?.activeChats ?? 0,
    maxChats: record?.maxChats ?? defaultMaxChats,
    lastAssignedAt: item?.lastAssignedAt ?? new Date(0).toISOString(),
    away: record?.presence === 'away',
    online: (record?.connectionIds.length ?? 0) > 0,
    connections: liveConnections(item, ttlMs),
  };
}
