/**
 * This container's retriever, its indexes cached across the questions it serves. A module of its own
 * so that only the routes that answer questions bundle MiniSearch; the knowledge routes do not.
 */
import { knowledgeRetriever } from '../knowledge/retriever';
import { knowledge } from './knowledge';

export const retriever = knowledgeRetriever(knowledge);
