import { requireSeller } from '../lib/access/callers';
import { listDocuments } from '../lib/knowledge/documents';
import { httpHandler } from '../lib/lambda-adapters/http-adapter';
import { KnowledgeQuery } from '../lib/protocol/inbound';
import { parseWith } from '../lib/protocol/parse';
import { callerOf } from '../lib/wiring/credentials';
import { knowledgeDocuments } from '../lib/wiring/knowledge';

/** GET /v1/knowledge?target= (seller token): the documents of the caller's or its team's knowledge. */
export const handler = httpHandler('GET /v1/knowledge', async ({ event }) => {
  const seller = requireSeller(await callerOf(event.headers));
  const query = parseWith(KnowledgeQuery, event.queryStringParameters ?? {});
  return { status: 200, body: await listDocuments(knowledgeDocuments, seller, query) };
});
