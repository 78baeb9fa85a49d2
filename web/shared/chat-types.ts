/** The server's frames and bodies as the pages read them (the authoritative schemas are in lib/protocol*.ts). */
export type Role = 'visitor' | 'seller';
export type ContactStatus = 'assigned' | 'queued' | 'ended';

export interface ChatMessage {
  id: string;
  contact_id: string;
  seq: number;
  from: string;
  to: string;
  role: Role;
  message?: string;
  timestamp: string;
  clientMessageId?: string | null;
  deleted?: boolean;
}

export interface ContactSummary {
  contact_id: string;
  status: ContactStatus;
  visitor?: { userId: string; userInfo: Record<string, unknown> };
  sellerId: string | null;
  target: string;
  createdAt: string;
  lastActivityAt: string;
  lastSeq: number;
  read: { visitor: number; seller: number };
}

export interface ContactWithMessages extends ContactSummary {
  messages: ChatMessage[];
}

export interface MessagePage {
  messages: ChatMessage[];
  lastSeq: number;
  nextAfter: number | null;
}

/** "14:05" for today, "3 Nov 14:05" before. */
export function formatTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === now.toDateString() ? time : `${date.toLocaleDateString([], { day: 'numeric', month: 'short' })} ${time}`;
}

/** A random id for deviceIds and clientMessageIds (the server accepts A-Z a-z 0-9 . _ : @ -). */
export function randomId(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
