/** The KNOWLEDGE_BASES setting, apart from the retrievers so the configuration does not bundle them. */
import { parseJsonObjectSetting } from '../platform/json-setting';

/** KNOWLEDGE_BASES `{"shop-1": "KBID12345"}`: per target, the knowledge base that holds its documents. */
export function parseKnowledgeBases(raw: string | undefined): Record<string, string> {
  const value = parseJsonObjectSetting('KNOWLEDGE_BASES', raw, '{"shop-1": "ABCDEFGHIJ"}');
  for (const [target, id] of Object.entries(value)) {
    if (typeof id !== 'string' || !/^[0-9a-zA-Z]{1,10}$/.test(id))
      throw new Error(`KNOWLEDGE_BASES of ${target} must be a knowledge base id (up to 10 letters and digits), got ${JSON.stringify(id)}`);
  }
  return value as Record<string, string>;
}
