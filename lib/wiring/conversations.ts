/** What the conversation API needs in this container: the chat's use cases, and the assistant built on first question. */
import type { ConversationDeps } from '../assistant/conversations';
import { assistantDeps } from './assistant';
import { config } from './config';
import { deletion } from './deletion';
import { contacts, history } from './history';
import { messages } from './messages';
import { notes } from './notes';
import { rateLimiter } from './rate-limiter';
import { sending } from './sending';
import { starting } from './starting';

const settings = config();

export const conversations: ConversationDeps = {
  starting,
  sending,
  contacts,
  history,
  deletion,
  notes,
  messages,
  rateLimiter,
  answering: assistantDeps,
  settings: {
    assistantModes: settings.assistant.modes,
    widgetOrigins: settings.widgetOrigins,
    rateLimits: { conversationCaller: settings.conversations.perCaller, conversationTarget: settings.conversations.perTarget },
    resumeWaitMs: settings.conversations.resumeWaitMs,
  },
};

export const heartbeatMs = settings.conversations.heartbeatMs;
