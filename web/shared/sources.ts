/**
 * The sources under an answer of the shop's assistant, as both pages show them: each title as
 * text, and a link only when the document's URL is http(s), opened in a new tab without the
 * opener or a referrer. Titles and URLs come from the seller's knowledge: never HTML.
 */
import { h } from './dom';
import { safeLink } from './format';
import type { Citation } from './protocol';

/** "Sources:" and a list of the citations; null when there are none. */
export function sourceList(citations: Citation[] | undefined): HTMLElement | null {
  if (!citations?.length) return null;
  const items = citations.map((citation) => {
    const href = safeLink(citation.url);
    return h('li', {}, href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, citation.title) : citation.title);
  });
  return h('div', { class: 'sources' }, h('span', { class: 'sources-label' }, 'Sources:'), h('ul', {}, ...items));
}
