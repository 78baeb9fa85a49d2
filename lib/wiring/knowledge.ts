/** This container's knowledge store and what the knowledge routes need; the retriever is apart, in ./retrieval. */
import type { KnowledgeDeps } from '../knowledge/documents';
import { knowledgeStore } from '../store/knowledge-store';
import { dynamo } from './clients';
import { config } from './config';

export const knowledge = knowledgeStore(dynamo(), config().tables.knowledge);

export const knowledgeDocuments: KnowledgeDeps = { store: knowledge, limits: config().knowledgeLimits };
