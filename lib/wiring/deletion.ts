/** What deleting a chat needs in this container (DELETE /v1/contacts/{id} and the conversation API's DELETE), built once. */
import type { DeletionDeps } from '../chat/deletion';
import { logger } from '../platform/logger';
import { attachmentFiles } from './attachment-files';
import { attachmentRecords } from './attachment-records';
import { chats } from './chats';
import { delivery } from './delivery';
import { contacts } from './history';
import { labels } from './labels';
import { lifecycle } from './lifecycle';
import { messages } from './messages';
import { notes } from './notes';

export const deletion: DeletionDeps = { contacts, chats, notes, messages, attachmentRecords, attachmentFiles, labels, lifecycle, delivery, log: logger };
