/** What the history API's reads need in this container. */
import { contactReader } from '../chat/chat-reader';
import type { HistoryDeps } from '../chat/history';
import { config } from './config';
import { identities } from './identities';
import { lines } from './chats';
import { messages } from './messages';
import { queries } from './queries';

export const contacts = contactReader(lines);

export const history: HistoryDeps = { contacts, lines, queries, identities, messages, limits: config().limits };
