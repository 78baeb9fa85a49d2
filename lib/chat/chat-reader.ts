/** Reading one chat for the routes that check who may see or act on it: its stored form, and as a Contact. */
import { toContact, type ChatItem, type LineStore } from '../store/chat-store';
import type { Contact } from '../model/chat';

export interface ContactReader {
  get(contactId: string): Promise<Contact | undefined>;
  stored(contactId: string): Promise<ChatItem | undefined>;
}

export function contactReader(lines: Pick<LineStore, 'getChat'>): ContactReader {
  return {
    async get(contactId) {
      const chat = await lines.getChat(contactId);
      return chat ? toContact(chat) : undefined;
    },
    stored: (contactId) => lines.getChat(contactId),
  };
}
