import { requireSeller } from '../lib/access/callers';
import { checkBodySize, putDocument } from '../lib/knowledge/documents';
import { bodyText, httpHandler } from '../lib/lambda-adapters/http-adapter';
import { KnowledgeDocPath, KnowledgeQuery, PutKnowledgeBody } from '../lib/protocol/inbound';
import { parseJsonObject, parseWith } from '../lib/protocol/parse';
import { callerOf } from '../lib/wiring/credentials';
import { knowledgeDocuments } from '../lib/wiring/knowledge';

/** PUT /v1/knowledge/{docId}?target= (seller token): creates or replaces a document of the caller's or its team's knowledge. */
export const handler = httpHandler('PUT /v1/knowledge/{docId}', async ({ event }) => {
  const seller = requireSeller(await callerOf(event.headers));
  const { docId } = parseWith(KnowledgeDocPath, event.pathParameters ?? {});
  const query = parseWith(KnowledgeQuery, event.queryStringParameters ?? {});
  const raw = bodyText(event);
  checkBodySize(raw, knowledgeDocuments.limits);
  const body = parseWith(PutKnowledgeBody, parseJsonObject(raw ?? '', 'body'));
  const answer = await putDocument(knowledgeDocuments, seller, docId, query, body);
  return { status: answer.created ? 201 : 200, body: answer };
});
