/**
 * The identity of a WebSocket connection, decided once by the $connect authorizer and carried by
 * API Gateway to every later event of that connection (`requestContext.authorizer`), so no route
 * reads a table to learn who is speaking. Authorizer context values must be strings, numbers or
 * booleans: teams travel as JSON.
 */
import type { ErrorCode } from '../platform/errors';
import type { SellerIdentity, VisitorIdentity } from '../model/identity';

export type ConnectionIdentity = (VisitorIdentity | SellerIdentity) & {
  /** the page that opened the socket (browsers send it on the upgrade) */
  origin?: string;
  /** the client's address, as the authorizer saw it (serverless-offline does not pass it to later events) */
  sourceIp?: string;
  /** the connect ticket's seq, which $connect redeems (set only on the upgrade that used a ticket) */
  ticketSeq?: number;
};

/** What the authorizer hands on. `refused` carries a refusal the authorizer cannot answer itself (400, 403): $connect does. */
export interface AuthorizerContext {
  role?: string;
  userId?: string;
  teams?: string;
  maxChats?: number;
  origin?: string;
  sourceIp?: string;
  ticketSeq?: number;
  refused?: ErrorCode;
  reason?: string;
}

export function toAuthorizerContext(identity: ConnectionIdentity): AuthorizerContext {
  return {
    role: identity.role,
    userId: identity.userId,
    ...(identity.role === 'seller' ? { teams: JSON.stringify(identity.teams), ...(identity.maxChats ? { maxChats: identity.maxChats } : {}) } : {}),
    ...(identity.origin ? { origin: identity.origin.slice(0, 256) } : {}),
    ...(identity.sourceIp ? { sourceIp: identity.sourceIp } : {}),
    ...(identity.ticketSeq !== undefined ? { ticketSeq: identity.ticketSeq } : {}),
  };
}

/** The identity the authorizer decided, from an event's `requestContext.authorizer`; undefined when there is none. */
export function fromAuthorizerContext(context: Record<string, unknown> | undefined | null): ConnectionIdentity | undefined {
  if (!context || typeof context.userId !== 'string' || context.refused) return undefined;
  const common = {
    userId: context.userId,
    ...(typeof context.origin === 'string' ? { origin: context.origin } : {}),
    ...(typeof context.sourceIp === 'string' ? { sourceIp: context.sourceIp } : {}),
    // API Gateway hands context numbers on as numbers, serverless-offline as they were returned
    ...(context.ticketSeq !== undefined && Number.isSafeInteger(Number(context.ticketSeq)) ? { ticketSeq: Number(context.ticketSeq) } : {}),
  };
  if (context.role === 'visitor') return { role: 'visitor', ...common };
  if (context.role !== 'seller') return undefined;
  const teams: unknown = typeof context.teams === 'string' ? JSON.parse(context.teams) : [];
  const maxChats = Number(context.maxChats);
  return {
    role: 'seller',
    ...common,
    teams: Array.isArray(teams) ? teams.filter((team): team is string => typeof team === 'string') : [],
    ...(Number.isInteger(maxChats) && maxChats > 0 ? { maxChats } : {}),
  };
}
