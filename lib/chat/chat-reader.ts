/** Reading one chat for the routes that check who may see or act on it: its stored form, and as a Chat. */
import { toChat, type ChatItem, type ChatStore } from '../store/chat-store';
import type { Chat } from '../model/chat';

export interface ChatReader {
  get(contactId: string): Promise<Chat | undefined>;
  stored(contactId: string): Promise<ChatItem | undefined>;
}

export function chatReader(chats: Pick<ChatStore, 'getChat'>): ChatReader {
  return {
    async get(contactId) {
      const chat = await chats.getChat(contactId);
      return chat ? toChat(chat) : undefined;
    },
    stored: (contactId) => chats.getChat(contactId),
  };
}
