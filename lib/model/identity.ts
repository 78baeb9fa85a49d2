/** Who is speaking: the identity a connection or a token proves, never a field the client sends. */
import type { Role } from '../protocol/ids';

export interface Identity {
  role: Role;
  /** deviceId for a visitor, sellerId for a seller */
  userId: string;
}

export interface VisitorIdentity extends Identity {
  role: 'visitor';
}

export interface SellerIdentity extends Identity {
  role: 'seller';
  teams: string[];
  maxChats?: number;
}

export const visitorIdentity = (userId: string): VisitorIdentity => ({ role: 'visitor', userId });
export const sellerIdentity = (userId: string, teams: string[] = []): SellerIdentity => ({ role: 'seller', userId, teams });
