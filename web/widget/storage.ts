/**
 * What the widget remembers in localStorage, so a reload resumes the same chat: the device id
 * (the visitor's socket identity) and, per seller-or-team, the open chat, its visitorToken and the profile.
 */
import { randomId } from '../shared/random-id';
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

export class WidgetStorage {
  constructor(private readonly target: string) {}

  /** One device id per browser, created on first use. */
  deviceId(): string {
    const existing = read<string>('device');
    if (existing) return existing;
    const created = randomId('web-');
    write('device', created);
    return created;
  }

  chat(): SavedChat {
    return read<SavedChat>(`chat:${this.target}`) ?? {};
  }

  saveChat(chat: SavedChat): void {
    write(`chat:${this.target}`, chat);
  }
}
