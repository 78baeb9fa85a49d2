/**
 * What the widget remembers in localStorage, so a reload resumes the same chat: the visitor session
 * (who the visitor is, issued by the server) and, per seller-or-team, the open chat, its
 * visitorToken and the profile.
 */
import { safeStorage } from '../shared/storage';
import type { SavedChat } from './chat-state';

const PREFIX = 'seller-chat:';

const local = safeStorage('localStorage');

function read<T>(key: string): T | undefined {
  const raw = local.get(PREFIX + key);
  try {
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined; // not ours, or damaged: start afresh
  }
}

function write(key: string, value: unknown): void {
  local.set(PREFIX + key, value === undefined ? undefined : JSON.stringify(value));
}

export interface SavedVisitorSession {
  visitorId: string;
  token: string;
}

export class WidgetStorage {
  constructor(private readonly target: string) {}

  /** The visitor session of this browser, once the server issued one. */
  visitorSession(): SavedVisitorSession | undefined {
    return read<SavedVisitorSession>('session');
  }

  /** Keeps the session the server issued or renewed; undefined forgets it (the server refused it). */
  saveVisitorSession(session: SavedVisitorSession | undefined): void {
    write('session', session);
  }

  chat(): SavedChat {
    return read<SavedChat>(`chat:${this.target}`) ?? {};
  }

  saveChat(chat: SavedChat): void {
    write(`chat:${this.target}`, chat);
  }
}
