/**
 * The knowledge routes on the real stack: a seller's and a team's documents put, listed, read and
 * deleted, refused past the limits, and retrieval in-process against the stack's DynamoDB.
 */
import { knowledgeRetriever } from '../../lib/knowledge/retriever';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { knowledgeKeys } from '../../lib/store/keys';
import { knowledgeStore } from '../../lib/store/knowledge-store';
import type { KnowledgeDocumentList, KnowledgeDocumentWithPassages, KnowledgePutAnswer } from '../../lib/protocol/views';
import { knowledgeTableName } from '../../lib/platform/settings';
import { DEMO_KNOWLEDGE_DIR, importFolder, knowledgeLimits } from '../../scripts/knowledge';
import { api, dynamo, sellerToken, uniqueId, type ErrorBody } from '../support/chat-client';

const store = () => knowledgeStore(dynamo(), knowledgeTableName(process.env.CHAT_STAGE as string));
const doc = (docId: string, target?: string) => `/v1/knowledge/${docId}${target ? `?target=${target}` : ''}`;

const SHIPPING = '# Shipping\n\nWe ship within 2 business days.\n\n## Europe\n\nDelivery takes 3 to 5 days.';

test('a seller puts, lists, reads, replaces and deletes a document of its own knowledge', async () => {
  const seller = uniqueId('kb-seller');
  const token = sellerToken(seller);
  const created = await api<KnowledgePutAnswer>(doc('shipping'), { method: 'PUT', token, body: { title: 'Shipping', text: SHIPPING, url: 'https://shop.example/shipping' } });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    target: seller,
    docId: 'shipping',
    title: 'Shipping',
    format: 'markdown',
    created: true,
    passageCount: 2,
    bytes: Buffer.byteLength(SHIPPING),
  });

  const listed = await api<KnowledgeDocumentList>('/v1/knowledge', { token });
  expect(listed.status).toBe(200);
  expect(listed.body.documents.map((d) => d.docId)).toEqual(['shipping']);
  expect(listed.body.maxDocuments).toBe(3);

  const read = await api<KnowledgeDocumentWithPassages>(doc('shipping', seller), { token });
  expect(read.status).toBe(200);
  expect(read.body.passages).toEqual([
    { passageId: 'shipping#0', heading: 'Shipping', text: 'We ship within 2 business days.' },
    { passageId: 'shipping#1', heading: 'Shipping > Europe', text: 'Delivery takes 3 to 5 days.' },
  ]);

  const replaced = await api<KnowledgePutAnswer>(doc('shipping'), { method: 'PUT', token, body: { title: 'Shipping', text: '<p>Free shipping, always.</p>', format: 'html' } });
  expect(replaced.status).toBe(200);
  expect(replaced.body).toMatchObject({ created: false, format: 'html', passageCount: 1 });
  expect((await api<KnowledgeDocumentWithPassages>(doc('shipping'), { token })).body.passages).toEqual([{ passageId: 'shipping#0', text: 'Free shipping, always.' }]);
  // the old revision's passages are gone from the table, not only hidden
  expect((await store().passagesOf(seller)).map((p) => p.text)).toEqual(['Free shipping, always.']);

  const deleted = await api(doc('shipping'), { method: 'DELETE', token });
  expect([deleted.status, deleted.body]).toEqual([200, { target: seller, docId: 'shipping', deleted: true }]);
  expect((await api<ErrorBody>(doc('shipping'), { token })).status).toBe(404);
  expect((await api<ErrorBody>(doc('shipping'), { method: 'DELETE', token })).status).toBe(404);
  expect((await api<KnowledgeDocumentList>('/v1/knowledge', { token })).body.documents).toEqual([]);
  expect(await store().passagesOf(seller)).toEqual([]);
});

test("a team member writes the team's knowledge; another seller gets 403, no token 401", async () => {
  const team = uniqueId('kb-team');
  const member = sellerToken(uniqueId('kb-member'), { teams: [team] });
  const outsider = sellerToken(uniqueId('kb-outsider'));
  const put = await api<KnowledgePutAnswer>(doc('returns', team), { method: 'PUT', token: member, body: { title: 'Returns', text: '30 days, free.' } });
  expect([put.status, put.body.target]).toEqual([201, team]);
  expect((await api<KnowledgeDocumentList>(`/v1/knowledge?target=${team}`, { token: member })).body.documents.map((d) => d.docId)).toEqual(['returns']);

  for (const [method, path] of [
    ['GET', `/v1/knowledge?target=${team}`],
    ['GET', doc('returns', team)],
    ['PUT', doc('returns', team)],
    ['DELETE', doc('returns', team)],
  ] as const) {
    const refused = await api<ErrorBody>(path, { method, token: outsider, ...(method === 'PUT' ? { body: { title: 'Mine now', text: 'No refunds.' } } : {}) });
    expect([method, path, refused.status, refused.body.error.code]).toEqual([method, path, 403, 'FORBIDDEN']);
  }
  expect((await api<ErrorBody>(`/v1/knowledge?target=${team}`)).status).toBe(401);
  expect((await api<KnowledgeDocumentWithPassages>(doc('returns', team), { token: member })).body.passages[0]?.text).toBe('30 days, free.');
});

test('over the limits: a text past KNOWLEDGE_MAX_DOC_BYTES is 413, a document past KNOWLEDGE_MAX_DOCS is 400, a bad body is 400 naming the field', async () => {
  const token = sellerToken(uniqueId('kb-limits'));
  const tooBig = await api<ErrorBody>(doc('big'), { method: 'PUT', token, body: { title: 'Big', text: 'word '.repeat(20_481) } });
  expect([tooBig.status, tooBig.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  expect(tooBig.body.error.message).toContain('KNOWLEDGE_MAX_DOC_BYTES');

  for (const docId of ['one', 'two', 'three']) {
    expect((await api(doc(docId), { method: 'PUT', token, body: { title: docId, text: `About ${docId}.` } })).status).toBe(201);
  }
  const fourth = await api<ErrorBody>(doc('four'), { method: 'PUT', token, body: { title: 'four', text: 'About four.' } });
  expect([fourth.status, fourth.body.error.code]).toEqual([400, 'BAD_REQUEST']);
  expect(fourth.body.error.message).toContain('KNOWLEDGE_MAX_DOCS');
  // replacing a document of a full target still works, and a deleted one frees its place
  expect((await api(doc('one'), { method: 'PUT', token, body: { title: 'one', text: 'About one, again.' } })).status).toBe(200);
  expect((await api(doc('two'), { method: 'DELETE', token })).status).toBe(200);
  expect((await api(doc('four'), { method: 'PUT', token, body: { title: 'four', text: 'About four.' } })).status).toBe(201);

  const cases: [unknown, string][] = [
    [{ text: 'No title.' }, 'title is required'],
    [{ title: 'x', text: 42 }, 'text:'],
    [{ title: 'x', text: '   ' }, 'text: text must not be empty'],
    [{ title: 'x', text: 'y', format: 'pdf' }, 'format:'],
    [{ title: 'x', text: 'y', url: 'javascript:alert(1)' }, 'url: url must be an http or https URL'],
  ];
  for (const [body, message] of cases) {
    const refused = await api<ErrorBody>(doc('bad'), { method: 'PUT', token, body });
    expect([refused.status, refused.body.error.message]).toEqual([400, expect.stringContaining(message)]);
  }
  expect((await api<ErrorBody>(doc('bad'), { method: 'PUT', token, rawBody: '{not json' })).status).toBe(400);
  expect((await api<ErrorBody>('/v1/knowledge/bad%23id', { method: 'PUT', token, body: { title: 'x', text: 'y' } })).body.error.message).toContain('docId');
  expect((await api<ErrorBody>(doc('one', 'bad%23target'), { token })).body.error.message).toContain('target');
});

test('retrieval against the stack’s DynamoDB: the demo knowledge answers, and a question gets only its own target’s passages', async () => {
  const shop = uniqueId('kb-shop');
  const rival = uniqueId('kb-rival');
  const imported = await importFolder(store(), DEMO_KNOWLEDGE_DIR, shop, { ...knowledgeLimits(), maxDocs: 10 });
  expect(imported.sort()).toEqual(['products', 'returns', 'shipping', 'sizes']);
  const rivalPut = await api(doc('shipping', rival), { method: 'PUT', token: sellerToken(rival), body: { title: 'Shipping', text: 'Rival shipping takes a month.' } });
  expect(rivalPut.status).toBe(201);

  const retriever = knowledgeRetriever(store());
  const answer = await retriever.retrieve(shop, 'How long does shipping take?');
  expect(answer.queryTerms).toEqual(['long', 'shipping', 'take']);
  expect(answer.passages[0]).toMatchObject({ docId: 'shipping', title: 'Shipping' });
  expect(answer.passages.map((p) => p.text).join('\n')).not.toContain('Rival');
  expect((await retriever.retrieve(rival, 'shipping')).passages.map((p) => p.text)).toEqual(['Rival shipping takes a month.']);

  // a change through the API raises the version, and the cached index follows it
  const updated = await api(doc('shipping', rival), { method: 'PUT', token: sellerToken(rival), body: { title: 'Shipping', text: 'Rival shipping now takes a day.' } });
  expect(updated.status).toBe(200);
  expect((await retriever.retrieve(rival, 'shipping')).passages.map((p) => p.text)).toEqual(['Rival shipping now takes a day.']);
});

describe("the assistant's limits, counted on the target's version item (DynamoDB's own conditions)", () => {
  const claim = (over: Partial<Parameters<ReturnType<typeof store>['claimAnswer']>[1]> = {}) => ({
    minute: 1000,
    day: '2026-12-05',
    maxAnswersPerMinute: 2,
    maxTokensPerDay: 100,
    tokensOwed: 0,
    ...over,
  });
  const usage = async (target: string) => {
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: knowledgeTableName(process.env.CHAT_STAGE as string), Key: knowledgeKeys.version(target), ConsistentRead: true }),
    );
    return Item ?? {};
  };

  test('answers per minute: two in the minute, the third refused, a new minute allows again; the version read in the same write', async () => {
    const target = uniqueId('limited');
    const answer = await api(doc('faq', target), { method: 'PUT', token: sellerToken(target), body: { title: 'FAQ', text: SHIPPING } });
    expect(answer.status).toBe(201);
    expect(await store().claimAnswer(target, claim())).toEqual({ allowed: true, version: 1 });
    expect(await store().claimAnswer(target, claim())).toEqual({ allowed: true, version: 1 });
    expect(await store().claimAnswer(target, claim())).toEqual({ allowed: false, limit: 'answers per minute' });
    expect(await store().claimAnswer(target, claim({ minute: 1001 }))).toEqual({ allowed: true, version: 1 });
    expect(await usage(target)).toMatchObject({ usageMinute: 1001, minuteAnswers: 1, usageDay: '2026-12-05', docCount: 1 });
  });

  test('tokens per day: owed tokens are added with the next claim; past the limit refused until the next day', async () => {
    const target = uniqueId('limited');
    const big = { maxAnswersPerMinute: 1000 };
    expect(await store().claimAnswer(target, claim({ ...big, tokensOwed: 0 }))).toMatchObject({ allowed: true, version: 0 });
    expect(await store().claimAnswer(target, claim({ ...big, tokensOwed: 60 }))).toMatchObject({ allowed: true });
    // a new minute of the same day keeps the day's tokens
    expect(await store().claimAnswer(target, claim({ ...big, minute: 1001, tokensOwed: 50 }))).toMatchObject({ allowed: true });
    expect(await usage(target)).toMatchObject({ dayTokens: 110 });
    expect(await store().claimAnswer(target, claim({ ...big, minute: 1001 }))).toEqual({ allowed: false, limit: 'tokens per day' });
    expect(await store().claimAnswer(target, claim({ ...big, minute: 1002 }))).toEqual({ allowed: false, limit: 'tokens per day' });
    expect(await store().claimAnswer(target, claim({ ...big, minute: 2500, day: '2026-12-06', tokensOwed: 7 }))).toMatchObject({ allowed: true });
    expect(await usage(target)).toMatchObject({ usageDay: '2026-12-06', dayTokens: 7, minuteAnswers: 1 });
  });

  test('concurrent claims in one minute never pass the limit', async () => {
    const target = uniqueId('limited');
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => store().claimAnswer(target, claim({ maxAnswersPerMinute: 3 }))));
    expect(outcomes.filter((outcome) => outcome.allowed)).toHaveLength(3);
    expect(await usage(target)).toMatchObject({ minuteAnswers: 3 });
  });
});
