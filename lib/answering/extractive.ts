/**
 * The extractive engine: no model, no network. It answers with the retrieved passages themselves,
 * quoted and cited, or says it does not know and hands off.
 *
 * **Confidence** (0..1) comes from three signals of the best passage:
 * - `coverage`: the share of the query terms the best passage matched (its `matchedTerms` among
 *   the request's `queryTerms`);
 * - `strength`: its BM25 score squashed to 0..1 as `score / (score + 2)`, so a score of 2 (about
 *   one fairly rare term matched well) counts half; this keeps a match on common words weak;
 * - `gap`: how far it stands above the next passage, `(best - next) / best` (1 when it is alone).
 *
 * `confidence = coverage × (0.6 + 0.25 × strength + 0.15 × gap)`, and the engine answers only when
 * `confidence ≥ 0.55`. Coverage multiplies because a passage that misses half the question's terms
 * ("do you ship to Mars?" matching only "ship") does not answer it however high it scores: at half
 * coverage the most it reaches is 0.5. A passage that covers every term always answers; at two
 * terms of three it needs a clear score and lead. Below the threshold, or with no passage, it says
 * a short fixed text offering a person, emits `handoff` (`low-confidence`, with the numbers in the
 * note for the seller) and cites nothing: a citation of a passage it does not trust would mislead.
 *
 * **The answer** quotes the best passage, and the second one too when it scores at least 0.8 of
 * the best and matched a query term (two near-equal passages often hold two halves of an answer).
 * Each is trimmed to the sentences holding its matched terms when that leaves something shorter,
 * and streamed a sentence per `delta`.
 *
 * **Tokens** are an estimate: no model runs, so `input` counts the words of the question and of
 * the passages used, and `output` the words of the answer.
 */
import type { Citation, RankedPassage } from '../knowledge/passage';
import type { AnswerEngine, AnswerEvent, AnswerRequest } from './engine';

export const CONFIDENCE_THRESHOLD = 0.55;
/** a BM25 score that counts as half strength */
const SCORE_AT_HALF_STRENGTH = 2;
/** the second passage is quoted too when it scores at least this share of the best */
const SECOND_PASSAGE_SHARE = 0.8;
/** a passage longer than this with no sentence holding a term is cut to its first sentences */
const LONG_PASSAGE_CHARS = 600;
const SENTENCES_OF_AN_UNTRIMMED_LONG_PASSAGE = 2;

export const DONT_KNOW_TEXT = "I'm not sure our documents answer that. I'll ask someone from the shop to help you; they will reply here.";

export interface Confidence {
  value: number;
  coverage: number;
  strength: number;
  gap: number;
}

/** Lower-case words of `text` (letters and digits of any script). */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}

/**
 * The query's terms: the retriever's (already normalised as its index is) when it gave some,
 * else the question's own words.
 */
function termsOf(request: AnswerRequest): string[] {
  const given = request.queryTerms.map((term) => term.toLowerCase()).filter((term) => term.length > 0);
  return [...new Set(given.length > 0 ? given : wordsOf(request.question))];
}

export function confidenceOf(passages: RankedPassage[], queryTerms: string[]): Confidence {
  const [best, next] = passages;
  if (!best || best.score <= 0 || queryTerms.length === 0) return { value: 0, coverage: 0, strength: 0, gap: 0 };
  const matched = new Set(best.matchedTerms.map((term) => term.toLowerCase()));
  const coverage = queryTerms.filter((term) => matched.has(term)).length / queryTerms.length;
  const strength = best.score / (best.score + SCORE_AT_HALF_STRENGTH);
  const gap = next ? Math.max(0, best.score - next.score) / best.score : 1;
  return { value: coverage * (0.6 + 0.25 * strength + 0.15 * gap), coverage, strength, gap };
}

/** The passages the answer quotes: the best, and a close second that matched something. */
function passagesToQuote(passages: RankedPassage[]): RankedPassage[] {
  const [best, second] = passages;
  if (!best) return [];
  if (second && second.score >= SECOND_PASSAGE_SHARE * best.score && second.matchedTerms.length > 0) return [best, second];
  return [best];
}

export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/**
 * Whether `word` is a form of `term`. Retrievers often index stems ("deliveri", "ship"), so a
 * word matches a term it starts with, or a term that differs from it in the last letter only.
 */
function isFormOf(word: string, term: string): boolean {
  if (word.startsWith(term)) return true;
  return term.length >= 5 && word.startsWith(term.slice(0, -1));
}

/** The sentences of `passage` worth quoting: those holding a matched term, when that trims something. */
export function sentencesToQuote(passage: RankedPassage): string[] {
  const sentences = sentencesOf(passage.text);
  const terms = passage.matchedTerms.map((term) => term.toLowerCase());
  const holding = sentences.filter((sentence) => wordsOf(sentence).some((word) => terms.some((term) => isFormOf(word, term))));
  if (holding.length > 0 && holding.length < sentences.length) return holding;
  if (holding.length === 0 && passage.text.length > LONG_PASSAGE_CHARS) return sentences.slice(0, SENTENCES_OF_AN_UNTRIMMED_LONG_PASSAGE);
  return sentences;
}

function lowConfidenceNote(passages: RankedPassage[], queryTerms: string[], confidence: Confidence): string {
  const [best, next] = passages;
  if (!best) return 'no passage of the knowledge matched the question';
  const covered = Math.round(confidence.coverage * queryTerms.length);
  const scores = `best BM25 ${best.score.toFixed(2)}${next ? `, next ${next.score.toFixed(2)}` : ''}`;
  return `confidence ${confidence.value.toFixed(2)} < ${CONFIDENCE_THRESHOLD}: the best passage covers ${covered} of ${queryTerms.length} query terms (${scores})`;
}

export class ExtractiveEngine implements AnswerEngine {
  readonly name = 'extractive';

  // async for the interface: the engines share one streaming shape
  async *answer(request: AnswerRequest): AsyncIterable<AnswerEvent> {
    const queryTerms = termsOf(request);
    const confidence = confidenceOf(request.passages, queryTerms);
    if (confidence.value < CONFIDENCE_THRESHOLD) {
      yield { kind: 'delta', text: DONT_KNOW_TEXT };
      yield { kind: 'handoff', reason: 'low-confidence', note: lowConfidenceNote(request.passages, queryTerms, confidence) };
      yield { kind: 'done', text: DONT_KNOW_TEXT, citations: [], tokens: { input: wordsOf(request.question).length, output: wordsOf(DONT_KNOW_TEXT).length } };
      return;
    }
    const quoted = passagesToQuote(request.passages);
    const citations: Citation[] = [];
    const deltas: string[] = [];
    for (const passage of quoted) {
      // one citation per document, numbered in the order the answer first quotes it
      let number = citations.findIndex((citation) => citation.docId === passage.docId) + 1;
      if (number === 0) number = citations.push(citationOf(passage));
      const where = passage.heading ? `“${passage.title}” (${passage.heading})` : `“${passage.title}”`;
      deltas.push(`${deltas.length > 0 ? '\n\n' : ''}From ${where} [${number}]:`);
      for (const sentence of sentencesToQuote(passage)) deltas.push(`\n“${sentence}”`);
    }
    for (const text of deltas) yield { kind: 'delta', text };
    const text = deltas.join('');
    const input = wordsOf(request.question).length + quoted.reduce((sum, passage) => sum + wordsOf(passage.text).length, 0);
    yield { kind: 'done', text, citations, tokens: { input, output: wordsOf(text).length } };
  }
}

function citationOf(passage: RankedPassage): Citation {
  return passage.url === undefined ? { docId: passage.docId, title: passage.title } : { docId: passage.docId, title: passage.title, url: passage.url };
}
