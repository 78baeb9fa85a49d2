/**
 * What the answering function needs in this container: the retriever over the knowledge table and
 * the engine ASSISTANT_ENGINE names (Bedrock's client created only when that engine is chosen).
 */
import type { AnswerChatDeps } from '../assistant/answer-chat';
import { createAnswerEngine, engineSettingsFrom } from '../answering/engines';
import { logger } from '../platform/logger';
import { chats } from './chats';
import { config } from './config';
import { delivery } from './delivery';
import { identities } from './identities';
import { messages } from './messages';
import { retriever } from './retrieval';

let built: Promise<AnswerChatDeps> | undefined;

export function assistantDeps(): Promise<AnswerChatDeps> {
  built ??= (async () => {
    const region = config().region;
    const engine = await createAnswerEngine(engineSettingsFrom(), {
      bedrockClient: () => {
        // loaded with the engine, so the extractive default never evaluates Bedrock's SDK
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require keeps the SDK out of the extractive path's start-up
        const { BedrockRuntimeClient } = require('@aws-sdk/client-bedrock-runtime') as typeof import('@aws-sdk/client-bedrock-runtime');
        return new BedrockRuntimeClient({ region });
      },
    });
    return { chats, messages, identities, delivery, retriever, engine, log: logger };
  })();
  built.catch(() => (built = undefined));
  return built;
}
