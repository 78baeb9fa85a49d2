/**
 * The knowledge routes' use cases: a seller puts, lists, reads and deletes the documents of its own
 * knowledge base or of a team it belongs to (its token's `teams`). A document's text is split into
 * passages here, once, when it is put; retrieval only ever reads passages.
 */
import type { SellerCaller } from '../access/callers';
import { badRequest, forbidden, notFound, payloadTooLarge } from '../platform/errors';
import type { KnowledgeQuery, PutKnowledgeBody } from '../protocol/inbound';
import type { KnowledgeDeleteAnswer, KnowledgeDocumentList, KnowledgeDocumentWithPassages, KnowledgePutAnswer } from '../protocol/views';
import type { KnowledgeStore } from '../store/knowledge-store';
import { splitIntoPassages } from './passages';

export interface KnowledgeLimits {
  /** UTF-8 bytes of one document's text (KNOWLEDGE_MAX_DOC_BYTES) */
  maxDocBytes: number;
  /** documents per target (KNOWLEDGE_MAX_DOCS) */
  maxDocs: number;
}

export interface KnowledgeDeps {
  store: Pick<KnowledgeStore, 'listDocuments' | 'getDocument' | 'putDocument' | 'deleteDocument'>;
  limits: KnowledgeLimits;
}

/**
 * The target whose knowledge the seller works on: the one it names, or its own. A seller may work on
 * its own knowledge and its teams', as its verified token lists them; anything else is FORBIDDEN.
 */
export function knowledgeTargetOf(seller: SellerCaller, query: KnowledgeQuery): string {
  const target = query.target ?? seller.sellerId;
  if (target !== seller.sellerId && !seller.teams.includes(target)) {
    throw forbidden(`only ${target} and its team members may manage its knowledge`);
  }
  return target;
}

/**
 * A request body far past the text limit is refused before it is parsed: JSON may spell a character in
 * up to 6 bytes (`\uXXXX`), and the title and url add a little.
 */
export function checkBodySize(body: string | undefined, limits: KnowledgeLimits): void {
  const bytes = body === undefined ? 0 : Buffer.byteLength(body, 'utf8');
  if (bytes > limits.maxDocBytes * 6 + 16_384) throw payloadTooLarge(`the body is ${bytes} bytes; a document's text may hold ${limits.maxDocBytes} (KNOWLEDGE_MAX_DOC_BYTES)`);
}

export async function putDocument(deps: KnowledgeDeps, seller: SellerCaller, docId: string, query: KnowledgeQuery, body: PutKnowledgeBody): Promise<KnowledgePutAnswer> {
  const target = knowledgeTargetOf(seller, query);
  const bytes = Buffer.byteLength(body.text, 'utf8');
  if (bytes > deps.limits.maxDocBytes) throw payloadTooLarge(`text is ${bytes} bytes; the limit is ${deps.limits.maxDocBytes} (KNOWLEDGE_MAX_DOC_BYTES)`);
  const passages = splitIntoPassages(body.text, body.format);
  if (!passages.length) throw badRequest(`text: holds no words once its ${body.format} markup is taken out`);
  const put = await deps.store.putDocument(
    target,
    { docId, title: body.title.trim(), ...(body.url ? { url: body.url } : {}), format: body.format, bytes },
    passages,
    deps.limits.maxDocs,
  );
  if (put.outcome === 'full') {
    throw badRequest(`${target} already holds ${deps.limits.maxDocs} documents, the most it may (KNOWLEDGE_MAX_DOCS); delete one or replace one by its docId`);
  }
  return { target, created: put.outcome === 'created', ...put.document };
}

export async function listDocuments(deps: KnowledgeDeps, seller: SellerCaller, query: KnowledgeQuery): Promise<KnowledgeDocumentList> {
  const target = knowledgeTargetOf(seller, query);
  return { target, documents: await deps.store.listDocuments(target), maxDocuments: deps.limits.maxDocs };
}

export async function getDocument(deps: KnowledgeDeps, seller: SellerCaller, docId: string, query: KnowledgeQuery): Promise<KnowledgeDocumentWithPassages> {
  const target = knowledgeTargetOf(seller, query);
  const found = await deps.store.getDocument(target, docId);
  if (!found) throw notFound(`${target} has no document ${docId}`);
  return { target, ...found.document, passages: found.passages };
}

export async function deleteDocument(deps: KnowledgeDeps, seller: SellerCaller, docId: string, query: KnowledgeQuery): Promise<KnowledgeDeleteAnswer> {
  const target = knowledgeTargetOf(seller, query);
  if (!(await deps.store.deleteDocument(target, docId))) throw notFound(`${target} has no document ${docId}`);
  return { target, docId, deleted: true };
}
