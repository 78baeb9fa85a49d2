/**
 * Lexical retrieval: BM25 (MiniSearch's BM25+) over one target's passages. Each target's index is
 * built from all of its passages and kept in the container; a question costs one small read of the
 * target's knowledge version, and a changed version rebuilds the index. A question searches only its
 * own target's index, so no passage of another seller or team can ever come back.
 *
 * Terms are lower-cased, stripped of English stop words and lightly stemmed ("shipping", "shipped" and
 * "ships" meet at "ship"), in the index and in the query alike.
 */
import MiniSearch from 'minisearch';
import type { Passage, RankedPassage, Retriever } from './passage';

/** Where the retriever reads a target's knowledge: the knowledge store, or a fake in tests. */
export interface KnowledgeSource {
  /** Raised by every change of the target's knowledge; 0 when it has none. */
  version(target: string): Promise<number>;
  passagesOf(target: string): Promise<Passage[]>;
}

export interface RetrieverOptions {
  /** Indexes kept per container, the least recently asked dropped first: a container's memory is bounded. */
  maxCachedTargets?: number;
  /** Passages returned when the caller gives no limit. */
  defaultLimit?: number;
}

/** Words too common to say what a question is about; a query of nothing else retrieves nothing. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again all am an and any are as at be because been before being below between both but by can could ' +
    'did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into ' +
    'is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she ' +
    'should so some such than that the their theirs them themselves then there these they this those through to too under until up very ' +
    'was we were what when where which while who whom why will with would you your yours yourself yourselves hi hello please thanks thank ' +
    'may might must shall get got tell know want need'
  ).split(' '),
);

/** Words of a text: letters and digits, with possessive 's and apostrophes dropped ("don't" is "dont"). */
export function tokenize(text: string): string[] {
  return text
    .replace(/['’]s\b/giu, '')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * A light English stemmer: plurals, -ing, -ed and a final e, enough for "take", "takes" and "taking" to
 * meet. Short words and words with digits (sizes, order numbers) are kept as they are.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let root = word;
  if (root.endsWith('ies') && root.length > 4) root = `${root.slice(0, -3)}y`;
  else if (root.endsWith('sses')) root = root.slice(0, -2);
  else if (root.endsWith('s') && !/(?:ss|us|is)$/.test(root)) root = root.slice(0, -1);
  for (const suffix of ['ing', 'ed']) {
    const base = root.slice(0, -suffix.length);
    if (root.endsWith(suffix) && base.length >= 3 && /[aeiouy]/.test(base)) {
      // shipping -> shipp -> ship, but "fall" and "pass" keep their double letter
      root = /([^aeioulsz])\1$/.test(base) ? base.slice(0, -1) : base;
      break;
    }
  }
  if (root.length >= 4 && root.endsWith('e') && !root.endsWith('ee')) root = root.slice(0, -1);
  return root;
}

/** A word as the index keeps it; undefined for a stop word or a single character. */
export function indexTermOf(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length < 2 || STOP_WORDS.has(lower)) return undefined;
  return stem(lower);
}

/** The query's words without stop words, lower-cased, each once, in order: what an engine weighs matches against. */
export function queryTermsOf(query: string): string[] {
  return [...new Set(tokenize(query).map((word) => word.toLowerCase()))].filter((word) => indexTermOf(word) !== undefined);
}

interface TargetIndex {
  version: number;
  search: MiniSearch<Passage>;
  passages: Map<string, Passage>;
}

const DEFAULT_MAX_CACHED_TARGETS = 50;
const DEFAULT_LIMIT = 5;

function buildIndex(version: number, passages: Passage[]): TargetIndex {
  const search = new MiniSearch<Passage>({
    idField: 'passageId',
    fields: ['title', 'heading', 'text'],
    tokenize,
    processTerm: (term) => indexTermOf(term) ?? null,
    // a match in a title or heading says more about the passage than one in its running text
    searchOptions: { boost: { title: 2, heading: 1.5 }, combineWith: 'OR' },
  });
  search.addAll(passages);
  return { version, search, passages: new Map(passages.map((passage) => [passage.passageId, passage])) };
}

export function knowledgeRetriever(source: KnowledgeSource, options: RetrieverOptions = {}): Retriever & { cachedTargets(): string[] } {
  const maxCached = options.maxCachedTargets ?? DEFAULT_MAX_CACHED_TARGETS;
  const cache = new Map<string, TargetIndex>();
  /** builds in flight, so concurrent questions of one target read its passages once */
  const building = new Map<string, Promise<TargetIndex>>();

  function remember(target: string, index: TargetIndex): void {
    cache.delete(target);
    cache.set(target, index);
    // a Map iterates in insertion order: the first key is the least recently used
    while (cache.size > maxCached) cache.delete(cache.keys().next().value as string);
  }

  async function indexOf(target: string, knownVersion?: number): Promise<TargetIndex> {
    const version = knownVersion ?? (await source.version(target));
    const cached = cache.get(target);
    if (cached?.version === version) {
      remember(target, cached);
      return cached;
    }
    const key = `${target}\n${version}`;
    let build = building.get(key);
    if (!build) {
      // labelled with the version read before the passages: a change made meanwhile raises the version
      // past it, so the next question rebuilds rather than keeping a mix forever
      build = source.passagesOf(target).then((passages) => buildIndex(version, passages));
      building.set(key, build);
      build.then(
        () => building.delete(key),
        () => building.delete(key),
      );
    }
    const index = await build;
    remember(target, index);
    return index;
  }

  return {
    async retrieve(target, query, { limit = options.defaultLimit ?? DEFAULT_LIMIT, version } = {}) {
      const queryTerms = queryTermsOf(query);
      if (!queryTerms.length) return { passages: [], queryTerms };
      const index = await indexOf(target, version);
      const stemsOf = new Map(queryTerms.map((term) => [term, indexTermOf(term) as string]));
      const passages: RankedPassage[] = [];
      for (const result of index.search.search(queryTerms.join(' '))) {
        const passage = index.passages.get(result.id as string);
        if (!passage) continue;
        const matched = new Set(result.queryTerms);
        passages.push({ ...passage, score: result.score, matchedTerms: queryTerms.filter((term) => matched.has(stemsOf.get(term) as string)) });
        if (passages.length === limit) break;
      }
      return { passages, queryTerms };
    },

    cachedTargets: () => [...cache.keys()],
  };
}
