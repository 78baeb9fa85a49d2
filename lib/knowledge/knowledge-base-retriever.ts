/**
 * A target's knowledge in a Bedrock Knowledge Base instead of the knowledge table (KNOWLEDGE_BASES):
 * `Retrieve` with a metadata filter on the target, behind the same Retriever interface, so the
 * engines and the assistant do not know which one answered. The documents' metadata files name
 * `target` (the filter), and may name `docId`, `title` and `url` (the citation); without them the
 * source's location stands in. The call itself is the caller's (a signed request, or a fake).
 */
import type { RetrieveCommandInput, RetrieveCommandOutput } from '@aws-sdk/client-bedrock-agent-runtime';
import type { RankedPassage, Retriever } from './passage';
import { indexTermOf, queryTermsOf, tokenize } from './retriever';

/** What the retriever needs of Bedrock Agent Runtime: one Retrieve call. */
export type RetrieveCall = (input: RetrieveCommandInput) => Promise<Pick<RetrieveCommandOutput, 'retrievalResults'>>;

type Result = NonNullable<RetrieveCommandOutput['retrievalResults']>[number];

const metadataText = (result: Result, key: string): string | undefined => {
  const value = result.metadata?.[key];
  return typeof value === 'string' && value ? value : undefined;
};

/** Where the passage came from when its metadata does not say: the source's location. */
const locationOf = (result: Result): string | undefined =>
  result.location?.s3Location?.uri ?? result.location?.webLocation?.url ?? result.location?.confluenceLocation?.url ?? result.location?.sharePointLocation?.url;

export function knowledgeBaseRetriever(retrieve: RetrieveCall, knowledgeBaseOf: (target: string) => string | undefined, defaultLimit = 5): Retriever {
  return {
    async retrieve(target, query, { limit = defaultLimit } = {}) {
      const knowledgeBaseId = knowledgeBaseOf(target);
      if (!knowledgeBaseId) throw new Error(`no knowledge base is named for ${target}`);
      const queryTerms = queryTermsOf(query);
      if (!queryTerms.length) return { passages: [], queryTerms };
      const answer = await retrieve({
        knowledgeBaseId,
        retrievalQuery: { text: query },
        // only the target's own documents, whatever else the knowledge base holds
        retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: limit, filter: { equals: { key: 'target', value: target } } } },
      });
      const passages: RankedPassage[] = [];
      for (const [rank, result] of (answer.retrievalResults ?? []).entries()) {
        const text = result.content?.text;
        // a result without the target's mark is never cited, whatever the service returned
        if (!text || metadataText(result, 'target') !== target) continue;
        const location = locationOf(result);
        const docId = metadataText(result, 'docId') ?? location ?? `result-${rank}`;
        const words = new Set(tokenize(text).map((word) => indexTermOf(word)));
        const url = metadataText(result, 'url') ?? (location?.startsWith('https://') ? location : undefined);
        passages.push({
          passageId: `${docId}#${rank}`,
          docId,
          title: metadataText(result, 'title') ?? docId,
          ...(url ? { url } : {}),
          text,
          score: result.score ?? 0,
          // the extractive engine weighs the terms a passage covers, as with BM25's matches
          matchedTerms: queryTerms.filter((term) => words.has(indexTermOf(term))),
        });
      }
      return { passages, queryTerms };
    },
  };
}

/** Per target: its knowledge base when KNOWLEDGE_BASES names one, else the knowledge table's index. */
export function retrieverByTarget(knowledgeBases: Record<string, string>, tableRetriever: Retriever, knowledgeBase: () => Retriever): Retriever {
  return {
    retrieve: (target, query, options) => (knowledgeBases[target] ? knowledgeBase().retrieve(target, query, options) : tableRetriever.retrieve(target, query, options)),
  };
}
