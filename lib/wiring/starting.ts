/** What starting a chat needs in this container (InitChat and the REST fallback's first message). */
import type { StartChatDeps } from '../chat/start-chat';
import { dynamo } from './clients';
import { config } from './config';
import { startReads } from '../store/start-reads';
import { lifecycle } from './lifecycle';
import { chats } from './chats';
import { rateLimiter } from './rate-limiter';
import { visitors } from './visitors';

const settings = config();

export const starting: StartChatDeps = {
  chats,
  visitors,
  reads: startReads(dynamo(), settings.tables),
  lifecycle,
  rateLimiter,
  settings,
};
