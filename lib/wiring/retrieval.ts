/**
 * This container's retriever, its indexes cached across the questions it serves; a target that
 * KNOWLEDGE_BASES names retrieves from its Bedrock Knowledge Base instead. A module of its own so
 * that only the routes that answer questions bundle MiniSearch; the knowledge routes do not.
 */
import { knowledgeBaseRetriever, retrieverByTarget } from '../knowledge/knowledge-base-retriever';
import type { Retriever } from '../knowledge/passage';
import { knowledgeRetriever } from '../knowledge/retriever';
import { knowledgeBaseRetrieve } from '../platform/knowledge-base-retrieve';
import { config } from './config';
import { knowledge } from './knowledge';

const { knowledgeBases, region } = config();
let fromKnowledgeBases: Retriever | undefined;

export const retriever = retrieverByTarget(
  knowledgeBases,
  knowledgeRetriever(knowledge),
  () =>
    (fromKnowledgeBases ??= knowledgeBaseRetriever(
      (input) => knowledgeBaseRetrieve(input, { region }),
      (target) => knowledgeBases[target],
    )),
);
