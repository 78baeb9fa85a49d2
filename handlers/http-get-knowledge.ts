import { requireSeller } from '../lib/access/callers';
import { getDocument } from '../lib/knowledge/documents';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { KnowledgeDocPath, KnowledgeQuery } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { callerOf } from '../lib/wiring/credentials';
import { knowledgeDocuments } from '../lib/wiring/knowledge';

/** GET /v1/knowledge/{docId}?target= (seller token): one document with its passages. */
export const handler = httpHandler('GET /v1/knowledge/{docId}', async ({ event }) => {
  const seller = requireSeller(await callerOf(event.headers));
  const { docId } = parseWith(KnowledgeDocPath, event.pathParameters ?? {});
  const query = parseWith(KnowledgeQuery, event.queryStringParameters ?? {});
  return { status: 200, body: await getDocument(knowledgeDocuments, seller, docId, query) };
});
