/**
 * Per target, the engine ASSISTANT_ENGINE names for it, each built once per container when first
 * asked for (Bedrock's client created only when a target's engine is `bedrock`).
 */
import type { AnswerEngine } from '../answering/engine';
import { createAnswerEngine, engineNameFor, engineSettingsFrom, type EngineName } from '../answering/engines';
import { config } from './config';

const engineSettings = engineSettingsFrom();
const engines = new Map<EngineName, Promise<AnswerEngine>>();

/** The engine that answers `target`'s chats, built on first use; a failed build is tried again next time. */
export function engineFor(target: string): Promise<AnswerEngine> {
  const name = engineNameFor(engineSettings, target);
  let engine = engines.get(name);
  if (!engine) {
    engine = createAnswerEngine(
      engineSettings,
      {
        bedrockClient: () => {
          // loaded with the engine, so the extractive default never evaluates Bedrock's SDK
          // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require keeps the SDK out of the extractive path's start-up
          const { BedrockRuntimeClient } = require('@aws-sdk/client-bedrock-runtime') as typeof import('@aws-sdk/client-bedrock-runtime');
          return new BedrockRuntimeClient({ region: config().region });
        },
      },
      name,
    );
    engines.set(name, engine);
    engine.catch(() => engines.delete(name));
  }
  return engine;
}
