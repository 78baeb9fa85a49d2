/**
 * A passage: one piece of a target's document (a section under a heading, or a paragraph), the
 * unit retrieval ranks and an answer cites. Shared by the knowledge store, the retriever and the
 * answer engines.
 */

/** Where an answer's text came from, as the visitor and the seller see it. */
export interface Citation {
  docId: string;
  title: string;
  url?: string;
}

export interface Passage extends Citation {
  /** the passage's own id within its document (`<docId>#<n>`) */
  passageId: string;
  /** the heading path it sits under, e.g. "Shipping > Europe", for context */
  heading?: string;
  text: string;
}

/** A passage as retrieval returns it: with its BM25 score and the query terms it matched. */
export interface RankedPassage extends Passage {
  score: number;
  matchedTerms: string[];
}

/** Finds the passages of one target's knowledge that best answer `query`, best first. */
export interface Retriever {
  /** `version`: the target's knowledge version when the caller read it already (saves the retriever's read) */
  retrieve(target: string, query: string, options?: { limit?: number; version?: number }): Promise<{ passages: RankedPassage[]; queryTerms: string[] }>;
}
