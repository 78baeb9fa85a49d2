/** This container's chat lifecycle: the one owner of chat transitions and seller capacity, with its collaborators. */
import { chatLifecycle } from '../chat/lifecycle';
import { config } from './config';
import { logger } from '../platform/logger';
import { strategyNamed } from '../routing/assignment';
import { connectionTtlMs, delivery } from './delivery';
import { identities } from './identities';
import { chats } from './chats';
import { messages } from './messages';
import { queries } from './queries';
import { sellers } from './sellers';
import { targets } from './targets';
import { visitors } from './visitors';

const settings = config();

export const lifecycle = chatLifecycle({
  chats: { ...chats, queued: queries.queued },
  sellers,
  targets,
  visitors,
  identities,
  messages,
  delivery,
  strategy: strategyNamed(settings.assignmentStrategy),
  defaultMaxChats: settings.limits.maxChatsPerSeller,
  connectionTtlMs,
  rules: settings.targetRules,
  log: logger,
});
