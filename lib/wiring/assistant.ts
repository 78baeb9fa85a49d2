/** What the answering function needs in this container: the retriever over the knowledge table, the engines, the lifecycle for handovers. */
import type { AnswerChatDeps } from '../assistant/answer-chat';
import { logger } from '../platform/logger';
import { chats } from './chats';
import { budget } from './answer-budget';
import { delivery } from './delivery';
import { engineFor } from './engines';
import { identities } from './identities';
import { lifecycle } from './lifecycle';
import { messages } from './messages';
import { privateNotes } from './private-notes';
import { retriever } from './retrieval';

export const assistantDeps: AnswerChatDeps = { chats, lifecycle, privateNotes, messages, identities, delivery, retriever, budget, engineFor, log: logger };
