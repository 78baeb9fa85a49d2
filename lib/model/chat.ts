/** A contact: one chat between a visitor and a seller (or the queue of a seller or team), as the domain sees it. */
import type { ContactStatus, Role } from '../protocol/ids';

export interface Chat {
  contactId: string;
  visitorId: string;
  /** What the visitor said about itself at InitChat; kept with the visitor while the chat is open. */
  visitorInfo: Record<string, unknown>;
  /** The seller or team id the visitor asked for. */
  target: string;
  status: ContactStatus;
  sellerId?: string;
  /** Set only while queued: the target whose sellers may pick it up. */
  queueKey?: string;
  createdAt: string;
  lastActivityAt: string;
  assignedAt?: string;
  /** The last message order key handed out (0 before the first message). */
  lastSeq: number;
  /** The seq of each side's last message, so unread counts count only the other side's. */
  lastVisitorSeq?: number;
  lastSellerSeq?: number;
  /** Highest seq each side has read (read receipts). */
  visitorReadSeq?: number;
  sellerReadSeq?: number;
  /** Set by the seller through PATCH /v1/contacts/{id}. */
  title?: string;
  tags?: string[];
  /** The visitor asked for a person: the shop's assistant answers this chat no more. */
  assistantOff?: boolean;
  endedAt?: string;
  endedBy?: Role;
}
