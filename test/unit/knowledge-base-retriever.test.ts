/** A target's knowledge in a Bedrock Knowledge Base: Retrieve filtered on the target, results as ranked passages with citations, never another target's. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RetrieveCommandInput } from '@aws-sdk/client-bedrock-agent-runtime';
import { knowledgeBaseRetriever, retrieverByTarget, type RetrieveCall } from '../../lib/knowledge/knowledge-base-retriever';
import { parseKnowledgeBases } from '../../lib/knowledge/knowledge-bases';
import type { Retriever } from '../../lib/knowledge/passage';
import { knowledgeBaseRetrieve } from '../../lib/platform/knowledge-base-retrieve';

const results = [
  {
    content: { text: 'Orders ship within 2 business days.' },
    score: 0.81,
    metadata: { target: 'shop-1', docId: 'shipping', title: 'Shipping', url: 'https://shop.example/shipping' },
  },
  // a result the service should not have returned for this target: never cited
  { content: { text: 'The other shop ships by sea.' }, score: 0.8, metadata: { target: 'shop-2', docId: 'other' } },
  { content: { text: 'Returns within 30 days.' }, score: 0.4, metadata: { target: 'shop-1' }, location: { type: 'S3', s3Location: { uri: 's3://kb/returns.md' } } },
];

test('Retrieve asks the target’s knowledge base with a filter on the target, and maps its results to cited passages', async () => {
  const asked: RetrieveCommandInput[] = [];
  const retrieve: RetrieveCall = async (input) => {
    asked.push(input);
    return { retrievalResults: results as never };
  };
  const retriever = knowledgeBaseRetriever(retrieve, (target) => ({ 'shop-1': 'KB1' })[target]);
  const { passages, queryTerms } = await retriever.retrieve('shop-1', 'How long does shipping take?', { limit: 3 });
  expect(asked).toEqual([
    {
      knowledgeBaseId: 'KB1',
      retrievalQuery: { text: 'How long does shipping take?' },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3, filter: { equals: { key: 'target', value: 'shop-1' } } } },
    },
  ]);
  expect(queryTerms).toEqual(['long', 'shipping', 'take']);
  expect(passages).toEqual([
    expect.objectContaining({ docId: 'shipping', title: 'Shipping', url: 'https://shop.example/shipping', score: 0.81, matchedTerms: ['shipping'] }),
    expect.objectContaining({ docId: 's3://kb/returns.md', title: 's3://kb/returns.md', score: 0.4, matchedTerms: [] }),
  ]);
  expect(JSON.stringify(passages)).not.toContain('other');
  // a question of stop words only asks nothing
  expect((await retriever.retrieve('shop-1', 'what is it?')).passages).toEqual([]);
  expect(asked).toHaveLength(1);
});

test('targets named in KNOWLEDGE_BASES go to their knowledge base, the rest to the knowledge table', async () => {
  const calls: string[] = [];
  const fake = (name: string): Retriever => ({
    retrieve: async (target) => {
      calls.push(`${name}:${target}`);
      return { passages: [], queryTerms: [] };
    },
  });
  const retriever = retrieverByTarget({ 'shop-1': 'KB1' }, fake('table'), () => fake('kb'));
  await retriever.retrieve('shop-1', 'q');
  await retriever.retrieve('shop-2', 'q');
  expect(calls).toEqual(['kb:shop-1', 'table:shop-2']);
  expect(parseKnowledgeBases('{"shop-1": "ABCDEFGHIJ"}')).toEqual({ 'shop-1': 'ABCDEFGHIJ' });
  expect(() => parseKnowledgeBases('{"shop-1": "not an id!"}')).toThrow('KNOWLEDGE_BASES of shop-1 must be a knowledge base id');
});

test('the Retrieve call is one SigV4-signed POST to the knowledge base’s retrieve path', async () => {
  const seen: { path?: string; body?: string; authorization?: string } = {};
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      Object.assign(seen, { path: request.url, body: Buffer.concat(chunks).toString(), authorization: request.headers.authorization });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ retrievalResults: [results[0]] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
  try {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const answer = await knowledgeBaseRetrieve(
      { knowledgeBaseId: 'KB1', retrievalQuery: { text: 'shipping?' }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 5 } } },
      { region: 'eu-west-1', endpoint },
    );
    expect(answer.retrievalResults).toHaveLength(1);
    expect(seen.path).toBe('/knowledgebases/KB1/retrieve');
    expect(JSON.parse(seen.body as string)).toEqual({ retrievalQuery: { text: 'shipping?' }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 5 } } });
    expect(seen.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/bedrock\/aws4_request/);
  } finally {
    process.env = saved;
    server.close();
  }
});
