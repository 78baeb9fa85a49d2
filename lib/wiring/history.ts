/** What the history API's reads need in this container. */
import { chatReader } from '../chat/chat-reader';
import type { HistoryDeps } from '../chat/history';
import { config } from './config';
import { identities } from './identities';
import { chats } from './chats';
import { messages } from './messages';
import { notes } from './notes';
import { queries } from './queries';
import { privateNotes } from './private-notes';

export const contacts = chatReader(chats);

export const history: HistoryDeps = { contacts, notes, queries, identities, messages, limits: config().limits, privateNotes };
