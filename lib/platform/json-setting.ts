/** A setting whose value is a JSON object keyed by seller or team id (WIDGET_ORIGINS, CUSTOMER_SECRETS). */
export function parseJsonObjectSetting(name: string, raw: string | undefined, example: string): Record<string, unknown> {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${name} must be JSON: ${example}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${name} must be a JSON object`);
  return value as Record<string, unknown>;
}
