/**
 * sendMessage's hand-off to the shop's assistant: an asynchronous invoke of the answering function,
 * only for a target that turned the assistant on (ASSISTANT), so the message path of every other
 * target pays nothing and no route but the answering one bundles retrieval or an engine.
 */
import { shouldAskAssistant } from '../assistant/ask';
import type { AnswerJob } from '../assistant/answer-chat';
import type { SentMessage } from '../chat/send-message';
import type { Identity } from '../model/identity';
import { invokeAsync } from '../platform/lambda-invoke';
import { logger } from '../platform/logger';
import { config } from './config';

export async function askAssistant(sender: Identity, sent: SentMessage): Promise<void> {
  const settings = config();
  if (!shouldAskAssistant(settings.assistant.modes, sender, sent)) return;
  const job: AnswerJob = { contactId: sent.contact.contactId, questionSeq: sent.message.seq, visitorId: sent.contact.visitorId, target: sent.contact.target };
  try {
    await invokeAsync(settings.assistant.functionName, job, { region: settings.region, endpoint: settings.lambdaEndpoint });
  } catch (error) {
    // the message is stored and the chat waits for a person as it would without the assistant
    logger.warn('the assistant could not be asked', { contactId: job.contactId, error });
  }
}
