/**
 * The engine choice: `ASSISTANT_ENGINE` names the engine (`extractive` unless set), or is JSON
 * keyed by seller or team id like ASSISTANT (`{"shop-1": "bedrock", "*": "extractive"}`), and the
 * engine's own settings come from the registry (lib/platform/settings.ts). A wrong name or a
 * missing setting fails when the engine is built, once per container, naming the variable.
 *
 * Bedrock's SDK is imported only by lib/answering/bedrock.ts, and this module loads that one with
 * a dynamic `import()` when the engine is `bedrock`, so a container answering otherwise never
 * evaluates the SDK. The Bedrock client itself is created once per container by the caller and
 * passed in. (esbuild cannot split a CommonJS bundle, so a bundle importing this module still
 * carries bedrock.ts's bytes; a route that never answers should not import it.)
 */
import { parseJsonObjectSetting } from '../platform/json-setting';
import { readSetting } from '../platform/settings';
import type { AnswerEngine } from './engine';
import type { BedrockEngineOptions } from './bedrock';
import { ExtractiveEngine } from './extractive';
import { OpenAiCompatibleEngine } from './openai-compatible';

export const ENGINE_NAMES = ['extractive', 'bedrock', 'openai-compatible'] as const satisfies readonly AnswerEngine['name'][];
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface EngineSettings {
  /** the engine of every target without one of its own */
  engine: EngineName;
  /** targets that override it */
  byTarget?: Record<string, EngineName>;
  bedrockModelId?: string;
  openAiBaseUrl?: string;
  openAiModel?: string;
  openAiApiKey?: string;
}

export interface EngineDependencies {
  /** the container's Bedrock Runtime client; asked for only when the engine is `bedrock` */
  bedrockClient?: () => BedrockEngineOptions['client'];
  /** how bedrock.ts is loaded: a dynamic import unless a test hands the module in (jest's VM cannot run import()) */
  loadBedrock?: () => Promise<Pick<typeof import('./bedrock'), 'BedrockEngine'>>;
}

export function parseEngineName(raw: string): EngineName {
  const name = ENGINE_NAMES.find((known) => known === raw);
  if (!name) throw new Error(`ASSISTANT_ENGINE must be one of ${ENGINE_NAMES.join(', ')}, got "${raw}"`);
  return name;
}

/** ASSISTANT_ENGINE: one name for every target, or names keyed by target (`*` for the rest). */
export function parseEngineChoice(raw: string): Pick<EngineSettings, 'engine' | 'byTarget'> {
  if (!raw.trim().startsWith('{')) return { engine: parseEngineName(raw) };
  const { '*': fallback = 'extractive', ...byTarget } = parseJsonObjectSetting('ASSISTANT_ENGINE', raw, '{"shop-1": "bedrock", "*": "extractive"}');
  return {
    engine: parseEngineName(String(fallback)),
    byTarget: Object.fromEntries(Object.entries(byTarget).map(([target, name]) => [target, parseEngineName(String(name))])),
  };
}

/** The engine that answers `target`'s chats. */
export const engineNameFor = (settings: Pick<EngineSettings, 'engine' | 'byTarget'>, target: string): EngineName => settings.byTarget?.[target] ?? settings.engine;

/** The engine settings from the environment, through the registry's defaults. */
export function engineSettingsFrom(env?: NodeJS.ProcessEnv): EngineSettings {
  return {
    ...parseEngineChoice(readSetting('ASSISTANT_ENGINE', env) ?? 'extractive'),
    bedrockModelId: readSetting('BEDROCK_MODEL_ID', env),
    openAiBaseUrl: readSetting('OPENAI_BASE_URL', env),
    openAiModel: readSetting('OPENAI_MODEL', env),
    openAiApiKey: readSetting('OPENAI_API_KEY', env),
  };
}

function required(value: string | undefined, variable: string, engine: EngineName): string {
  if (!value) throw new Error(`${variable} is required when ASSISTANT_ENGINE=${engine}`);
  return value;
}

/** Builds engine `name` (the settings' default unless given) from the settings. */
export async function createAnswerEngine(settings: EngineSettings, dependencies: EngineDependencies = {}, name: EngineName = settings.engine): Promise<AnswerEngine> {
  switch (name) {
    case 'extractive':
      return new ExtractiveEngine();
    case 'openai-compatible':
      return new OpenAiCompatibleEngine({
        baseUrl: required(settings.openAiBaseUrl, 'OPENAI_BASE_URL', name),
        model: required(settings.openAiModel, 'OPENAI_MODEL', name),
        apiKey: settings.openAiApiKey,
      });
    case 'bedrock': {
      const modelId = required(settings.bedrockModelId, 'BEDROCK_MODEL_ID', name);
      if (!dependencies.bedrockClient) throw new Error('ASSISTANT_ENGINE=bedrock needs a Bedrock Runtime client');
      const { BedrockEngine } = await (dependencies.loadBedrock ?? (() => import('./bedrock')))();
      return new BedrockEngine({ client: dependencies.bedrockClient(), modelId });
    }
  }
}
