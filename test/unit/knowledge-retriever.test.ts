/** BM25 retrieval over one target's passages, and the per-target index cache its knowledge version keeps fresh. */
import type { Passage } from '../../lib/knowledge/passage';
import { knowledgeRetriever, queryTermsOf, stem, type KnowledgeSource } from '../../lib/knowledge/retriever';

const passage = (docId: string, n: number, title: string, text: string, heading?: string): Passage => ({
  docId,
  title,
  passageId: `${docId}#${n}`,
  text,
  ...(heading ? { heading } : {}),
});

const SHOP: Passage[] = [
  passage('shipping', 0, 'Shipping', 'We pack and ship every order within 2 business days. Delivery takes 3 to 5 days in the European Union.', 'Shipping > Delivery times'),
  passage('shipping', 1, 'Shipping', 'Standard delivery costs 4.90 EUR; orders over 50 EUR go free.', 'Shipping > Costs'),
  passage('returns', 0, 'Returns and refunds', 'Return any unworn item within 30 days for a full refund. Print the prepaid label from your order page.', 'Returns and refunds'),
  passage('sizes', 0, 'Size guide', 'Our shoes run small: if you are between two sizes, take the larger one. Sizes range from EU 36 to EU 46.', 'Size guide'),
  passage('trail-runner', 0, 'Trail Runner', 'Our lightest running shoe, 240 g, with a waterproof membrane. Colours: moss green, slate blue.'),
];

/** A knowledge source over fixed passages per target, counting its reads. */
function fakeSource(byTarget: Record<string, Passage[]>) {
  const versions = new Map<string, number>(Object.keys(byTarget).map((target) => [target, 1]));
  const reads = { version: 0, passages: 0 };
  const source: KnowledgeSource = {
    async version(target) {
      reads.version++;
      return versions.get(target) ?? 0;
    },
    async passagesOf(target) {
      reads.passages++;
      return byTarget[target] ?? [];
    },
  };
  return {
    source,
    reads,
    change(target: string, passages: Passage[]) {
      byTarget[target] = passages;
      versions.set(target, (versions.get(target) ?? 0) + 1);
    },
  };
}

describe('BM25 ranking', () => {
  const retriever = knowledgeRetriever(fakeSource({ shop: SHOP }).source);
  const first = async (question: string) => (await retriever.retrieve('shop', question)).passages[0]?.passageId;

  test.each([
    ['how long does shipping take', 'shipping#0'],
    ['how much does delivery cost?', 'shipping#1'],
    ['Can I get a refund if I return my shoes?', 'returns#0'],
    ['what size should I take, they run small?', 'sizes#0'],
    ['is the trail runner waterproof', 'trail-runner#0'],
  ])('"%s" ranks %s first', async (question, expected) => {
    expect(await first(question)).toBe(expected);
  });

  test('scores fall from the first passage on, and each names the query terms it matched', async () => {
    const { passages, queryTerms } = await retriever.retrieve('shop', 'How long does shipping take?');
    expect(queryTerms).toEqual(['long', 'shipping', 'take']);
    const scores = passages.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(passages[0]).toMatchObject({ passageId: 'shipping#0', title: 'Shipping', matchedTerms: ['shipping', 'take'] });
    for (const p of passages) expect(p.matchedTerms.every((term) => queryTerms.includes(term))).toBe(true);
  });

  test('limit caps the passages; a question of stop words only retrieves nothing and reads nothing', async () => {
    expect((await retriever.retrieve('shop', 'shoes sizes shipping delivery return', { limit: 2 })).passages).toHaveLength(2);
    const { source, reads } = fakeSource({ shop: SHOP });
    expect(await knowledgeRetriever(source).retrieve('shop', 'how do I do that?')).toEqual({ passages: [], queryTerms: [] });
    expect(reads).toEqual({ version: 0, passages: 0 });
  });

  test('a question about words no passage holds retrieves nothing', async () => {
    expect((await retriever.retrieve('shop', 'bitcoin payment')).passages).toEqual([]);
  });
});

test('a question retrieves only its own target’s passages', async () => {
  const other = [passage('shipping', 0, 'Shipping', 'Shipping takes a month, by boat.')];
  const retriever = knowledgeRetriever(fakeSource({ shop: SHOP, 'other-shop': other }).source);
  const mine = await retriever.retrieve('shop', 'shipping by boat');
  expect(mine.passages.length).toBeGreaterThan(0);
  expect(mine.passages.map((p) => p.text)).not.toContain('Shipping takes a month, by boat.');
  expect((await retriever.retrieve('other-shop', 'shipping')).passages.map((p) => p.text)).toEqual(['Shipping takes a month, by boat.']);
  expect((await retriever.retrieve('nobody', 'shipping')).passages).toEqual([]);
});

describe('the index cache', () => {
  test('a cached target costs one version read per question; a new version rebuilds the index', async () => {
    const fake = fakeSource({ shop: SHOP });
    const retriever = knowledgeRetriever(fake.source);
    await retriever.retrieve('shop', 'shipping');
    await retriever.retrieve('shop', 'returns');
    expect(fake.reads).toEqual({ version: 2, passages: 1 });

    fake.change('shop', [passage('shipping', 0, 'Shipping', 'Shipping is now free and takes one day by drone.')]);
    const after = await retriever.retrieve('shop', 'shipping');
    expect(fake.reads).toEqual({ version: 3, passages: 2 });
    expect(after.passages.map((p) => p.text)).toEqual(['Shipping is now free and takes one day by drone.']);
  });

  test('concurrent questions of a cold target read its passages once', async () => {
    const fake = fakeSource({ shop: SHOP });
    const retriever = knowledgeRetriever(fake.source);
    await Promise.all(['shipping', 'returns', 'sizes'].map((question) => retriever.retrieve('shop', question)));
    expect(fake.reads.passages).toBe(1);
  });

  test('it holds at most maxCachedTargets indexes, dropping the least recently asked', async () => {
    const fake = fakeSource({ a: SHOP, b: SHOP, c: SHOP });
    const retriever = knowledgeRetriever(fake.source, { maxCachedTargets: 2 });
    for (const target of ['a', 'b', 'a', 'c']) await retriever.retrieve(target, 'shipping');
    expect(retriever.cachedTargets()).toEqual(['a', 'c']);
    await retriever.retrieve('b', 'shipping');
    expect(fake.reads.passages).toBe(4);
  });

  test('a failed build is not cached: the next question tries again', async () => {
    const fake = fakeSource({ shop: SHOP });
    let failures = 1;
    const retriever = knowledgeRetriever({
      version: fake.source.version,
      passagesOf: async (target) => {
        if (failures-- > 0) throw new Error('throttled');
        return fake.source.passagesOf(target);
      },
    });
    await expect(retriever.retrieve('shop', 'shipping')).rejects.toThrow('throttled');
    expect((await retriever.retrieve('shop', 'shipping')).passages.length).toBeGreaterThan(0);
  });
});

test('terms: stop words out, each word once, stems shared by a word’s forms', () => {
  expect(queryTermsOf("What's the shipping cost for 2 pairs? Shipping!")).toEqual(['shipping', 'cost', 'pairs']);
  expect(['ship', 'ships', 'shipping', 'shipped'].map(stem)).toEqual(['ship', 'ship', 'ship', 'ship']);
  expect(['take', 'takes', 'taking'].map(stem)).toEqual(['tak', 'tak', 'tak']);
  expect(['sizes', 'size', 'dresses', 'deliveries', 'returned', 'size42'].map(stem)).toEqual(['siz', 'siz', 'dress', 'delivery', 'return', 'size42']);
});
