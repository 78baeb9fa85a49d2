/** The engine choice by ASSISTANT_ENGINE, and Bedrock's SDK kept to lib/answering/bedrock.ts. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import * as bedrockModule from '../../lib/answering/bedrock';
import { createAnswerEngine, engineNameFor, engineSettingsFrom, parseEngineName } from '../../lib/answering/engines';

test('extractive unless ASSISTANT_ENGINE says otherwise, and the engine settings read from the environment', async () => {
  expect(engineSettingsFrom({})).toEqual({ engine: 'extractive', bedrockModelId: undefined, openAiBaseUrl: undefined, openAiModel: undefined, openAiApiKey: undefined });
  expect((await createAnswerEngine(engineSettingsFrom({}))).name).toBe('extractive');
  const settings = engineSettingsFrom({ ASSISTANT_ENGINE: 'openai-compatible', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'llama3.1:8b' });
  expect((await createAnswerEngine(settings)).name).toBe('openai-compatible');
});

test('an unknown engine name or a missing setting fails, naming the variable', async () => {
  // per target, like ASSISTANT: `*` for the rest, extractive when `*` is not named
  const perTarget = engineSettingsFrom({ ASSISTANT_ENGINE: '{"shop-1": "bedrock", "team-a": "openai-compatible"}' });
  expect(perTarget).toMatchObject({ engine: 'extractive', byTarget: { 'shop-1': 'bedrock', 'team-a': 'openai-compatible' } });
  expect([engineNameFor(perTarget, 'shop-1'), engineNameFor(perTarget, 'team-a'), engineNameFor(perTarget, 'shop-2')]).toEqual(['bedrock', 'openai-compatible', 'extractive']);
  expect(engineSettingsFrom({ ASSISTANT_ENGINE: '{"*": "openai-compatible"}' }).engine).toBe('openai-compatible');
  expect(() => engineSettingsFrom({ ASSISTANT_ENGINE: '{"shop-1": "gpt"}' })).toThrow('ASSISTANT_ENGINE must be one of');
  expect(() => engineSettingsFrom({ ASSISTANT_ENGINE: '{"shop-1": ' })).toThrow('ASSISTANT_ENGINE must be JSON');
  expect(() => parseEngineName('gpt')).toThrow('ASSISTANT_ENGINE must be one of extractive, bedrock, openai-compatible, got "gpt"');
  await expect(createAnswerEngine(engineSettingsFrom({ ASSISTANT_ENGINE: 'openai-compatible', OPENAI_MODEL: 'm' }))).rejects.toThrow('OPENAI_BASE_URL is required');
  await expect(createAnswerEngine(engineSettingsFrom({ ASSISTANT_ENGINE: 'bedrock' }))).rejects.toThrow('BEDROCK_MODEL_ID is required');
  await expect(createAnswerEngine(engineSettingsFrom({ ASSISTANT_ENGINE: 'bedrock', BEDROCK_MODEL_ID: 'm' }))).rejects.toThrow('needs a Bedrock Runtime client');
});

test('bedrock is built on the client it is given, asked for only then', async () => {
  const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const bedrockClient = jest.fn(() => client);
  // jest's VM cannot run the dynamic import() the factory uses by default, so the module is handed in
  const loadBedrock = jest.fn(() => Promise.resolve(bedrockModule));
  await createAnswerEngine(engineSettingsFrom({}), { bedrockClient, loadBedrock });
  expect(bedrockClient).not.toHaveBeenCalled();
  expect(loadBedrock).not.toHaveBeenCalled();
  const engine = await createAnswerEngine(engineSettingsFrom({ ASSISTANT_ENGINE: 'bedrock', BEDROCK_MODEL_ID: 'anthropic.claude-3-5-haiku-20241022-v1:0' }), {
    bedrockClient,
    loadBedrock,
  });
  expect(engine).toBeInstanceOf(bedrockModule.BedrockEngine);
  expect(bedrockClient).toHaveBeenCalledTimes(1);
  expect(loadBedrock).toHaveBeenCalledTimes(1);
  client.destroy();
});

test("only lib/answering/bedrock.ts imports Bedrock's SDK, and engines.ts loads it lazily", () => {
  const root = path.resolve(__dirname, '..', '..');
  const importers: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (full.endsWith('.ts') && /from '@aws-sdk\/client-bedrock-runtime'/.test(readFileSync(full, 'utf8'))) importers.push(path.relative(root, full));
    }
  };
  for (const dir of ['lib', 'handlers']) walk(path.join(root, dir));
  expect(importers).toEqual(['lib/answering/bedrock.ts']);
  const engines = readFileSync(path.join(root, 'lib', 'answering', 'engines.ts'), 'utf8');
  // a type import is erased; a value import would evaluate the SDK in every container
  expect(engines.match(/^import .* from '\.\/bedrock';$/gm)).toEqual(["import type { BedrockEngineOptions } from './bedrock';"]);
  expect(engines).toContain("import('./bedrock')");
});
