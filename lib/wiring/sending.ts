/** What sending a chat message needs in this container (sendMessage and the REST fallback). */
import type { MessageDeps } from '../chat/send-message';
import { config } from './config';
import { delivery } from './delivery';
import { identities } from './identities';
import { chats } from './chats';
import { messages } from './messages';
import { attachmentRecords } from './attachment-records';

export const sending: MessageDeps = { chats, messages, attachments: attachmentRecords, identities, delivery, settings: config() };
