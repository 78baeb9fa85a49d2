/**
 * Which web pages may embed a seller's widget: a per-seller (or per-team) allow-list of origins.
 * A target without a list accepts any page. Browsers set `Origin` themselves, so this stops other
 * sites from embedding the widget; a non-browser client can send any header and is limited by the
 * rate limits instead.
 */
import { forbidden } from '../platform/errors';
import { parseJsonObjectSetting } from '../platform/json-setting';

export type OriginAllowList = Record<string, string[]>;

/** Parses WIDGET_ORIGINS: `{"<sellerOrTeamId>": ["https://shop.example", ...]}`. */
export function parseAllowList(raw: string | undefined): OriginAllowList {
  const value = parseJsonObjectSetting('WIDGET_ORIGINS', raw, '{"<sellerOrTeamId>": ["https://shop.example"]}');
  const list: OriginAllowList = {};
  for (const [target, origins] of Object.entries(value)) {
    if (!Array.isArray(origins) || !origins.every((o) => typeof o === 'string')) {
      throw new Error(`WIDGET_ORIGINS["${target}"] must be a list of origins`);
    }
    list[target] = origins.map(normalize);
  }
  return list;
}

const normalize = (origin: string) => origin.trim().replace(/\/+$/, '').toLowerCase();

/** Throws FORBIDDEN when `target` has an allow-list and the page's origin is missing or not on it. */
export function checkOrigin(allowList: OriginAllowList, target: string, origin: string | undefined): void {
  const allowed = allowList[target];
  if (!allowed) return;
  if (!origin) throw forbidden(`the widget of ${target} may only be used from its allowed web pages; no Origin was sent`);
  if (!allowed.includes(normalize(origin))) throw forbidden(`the widget of ${target} may not be used from ${origin}`);
}

/** The `Origin` header of an API Gateway event, whatever its case. */
export function originOf(headers: Record<string, string | undefined> | null | undefined): string | undefined {
  return headers?.origin ?? headers?.Origin;
}
