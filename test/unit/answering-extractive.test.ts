/** The extractive engine: quotes and cites the passage that answers, or hands off and cites nothing. */
import { CONFIDENCE_THRESHOLD, confidenceOf, DONT_KNOW_TEXT, ExtractiveEngine, sentencesToQuote, wordsOf } from '../../lib/answering/extractive';
import { collect, deltasOf, doneOf, handoffOf, paymentMethods, requestFor, returnsPolicy, shippingEurope } from '../support/answering';

const engine = new ExtractiveEngine();

describe('a clear question', () => {
  const request = requestFor('How long does shipping to Germany take?', [shippingEurope, returnsPolicy], ['shipping', 'germany']);

  test('cites the passage that answers it, with its title and url', async () => {
    const { events, error } = await collect(engine, request);
    expect(error).toBeUndefined();
    expect(handoffOf(events)).toBeUndefined();
    expect(doneOf(events)?.citations).toEqual([{ docId: 'shipping', title: 'Shipping and delivery', url: 'https://shop.example/help/shipping' }]);
  });

  test('quotes only the sentences holding the query terms, a delta per sentence, and done repeats the whole text', async () => {
    const { events } = await collect(engine, request);
    const deltas = deltasOf(events);
    expect(deltas).toEqual([
      'From “Shipping and delivery” (Shipping > Europe) [1]:',
      '\n“Shipping to Germany takes 1 to 2 working days.”',
      '\n“Shipping to the rest of the EU takes 3 to 5 working days.”',
    ]);
    expect(doneOf(events)?.text).toBe(deltas.join(''));
    expect(events.at(-1)?.kind).toBe('done');
  });

  test('estimates tokens as words: the question and the passage in, the answer out', async () => {
    const { events } = await collect(engine, request);
    const done = doneOf(events);
    expect(done?.tokens).toEqual({ input: wordsOf(request.question).length + wordsOf(shippingEurope.text).length, output: wordsOf(done?.text ?? '').length });
  });
});

test('two near-equal passages are both quoted, each document cited once and numbered in order', async () => {
  const closeReturns = { ...returnsPolicy, score: 5.6 };
  const { events } = await collect(engine, requestFor('Shipping to Germany?', [shippingEurope, closeReturns], ['shipping', 'germany']));
  const done = doneOf(events);
  expect(done?.citations.map((citation) => citation.docId)).toEqual(['shipping', 'returns']);
  expect(done?.text).toContain('“Returns” [2]:\n“Return shipping is free within Germany.”');
  expect(done?.text).not.toContain('30 days');
});

describe('a question the passages cannot answer', () => {
  test('says it does not know, hands off for low confidence with a note, and cites nothing', async () => {
    const { events } = await collect(engine, requestFor('Do you sell gift cards?', [paymentMethods], ['sell', 'gift', 'cards']));
    expect(deltasOf(events)).toEqual([DONT_KNOW_TEXT]);
    expect(handoffOf(events)).toEqual({ kind: 'handoff', reason: 'low-confidence', note: expect.stringContaining('covers 1 of 3 query terms') });
    expect(doneOf(events)).toMatchObject({ text: DONT_KNOW_TEXT, citations: [] });
  });

  test('a high score on half the terms is not enough ("ship to Mars" matching only "ship")', async () => {
    const { events } = await collect(engine, requestFor('Do you ship to Mars?', [{ ...shippingEurope, score: 9, matchedTerms: ['ship'] }], ['ship', 'mars']));
    expect(handoffOf(events)?.reason).toBe('low-confidence');
    expect(doneOf(events)?.citations).toEqual([]);
  });

  test('an empty passage list hands off, saying no passage matched', async () => {
    const { events } = await collect(engine, requestFor('Where is my order?', [], ['order']));
    expect(handoffOf(events)).toEqual({ kind: 'handoff', reason: 'low-confidence', note: 'no passage of the knowledge matched the question' });
    expect(doneOf(events)).toMatchObject({ text: DONT_KNOW_TEXT, citations: [] });
    expect(events.map((event) => event.kind)).toEqual(['delta', 'handoff', 'done']);
  });
});

describe('the confidence rule: coverage × (0.6 + 0.25 × strength + 0.15 × gap)', () => {
  test('its parts', () => {
    const confidence = confidenceOf(
      [
        { ...shippingEurope, score: 6 },
        { ...returnsPolicy, score: 3 },
      ],
      ['shipping', 'germany', 'price'],
    );
    expect(confidence.coverage).toBeCloseTo(2 / 3);
    expect(confidence.strength).toBeCloseTo(6 / 8);
    expect(confidence.gap).toBeCloseTo(0.5);
    expect(confidence.value).toBeCloseTo((2 / 3) * (0.6 + 0.25 * 0.75 + 0.15 * 0.5));
  });

  test('full coverage always passes; half coverage never does; a lone passage has the whole gap', () => {
    expect(confidenceOf([{ ...shippingEurope, score: 0.01 }], ['shipping', 'germany']).value).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
    expect(confidenceOf([{ ...shippingEurope, score: 1000, matchedTerms: ['shipping'] }], ['shipping', 'germany']).value).toBeLessThan(CONFIDENCE_THRESHOLD);
    expect(confidenceOf([shippingEurope], ['shipping']).gap).toBe(1);
  });

  test('two of three terms pass with a clear lead and fail when the next passage is as good and the score is weak', () => {
    const terms = ['shipping', 'germany', 'price'];
    expect(
      confidenceOf(
        [
          { ...shippingEurope, score: 8 },
          { ...returnsPolicy, score: 1 },
        ],
        terms,
      ).value,
    ).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
    expect(
      confidenceOf(
        [
          { ...shippingEurope, score: 1 },
          { ...returnsPolicy, score: 1 },
        ],
        terms,
      ).value,
    ).toBeLessThan(CONFIDENCE_THRESHOLD);
  });

  test('no score or no terms is no confidence', () => {
    expect(confidenceOf([{ ...shippingEurope, score: 0 }], ['shipping']).value).toBe(0);
    expect(confidenceOf([shippingEurope], []).value).toBe(0);
  });
});

test('without query terms from retrieval, the question words are matched', async () => {
  const { events } = await collect(engine, requestFor('shipping germany', [shippingEurope], []));
  expect(handoffOf(events)).toBeUndefined();
  expect(doneOf(events)?.citations).toHaveLength(1);
});

describe('trimming', () => {
  test('stemmed terms still find their sentences ("deliveri" finds "delivery")', () => {
    const passage = { ...shippingEurope, text: 'Our delivery partner is DHL. We pack by hand.', matchedTerms: ['deliveri'] };
    expect(sentencesToQuote(passage)).toEqual(['Our delivery partner is DHL.']);
  });

  test('a passage whose every sentence matches is quoted whole; one with none keeps its first sentences when long', () => {
    expect(sentencesToQuote({ ...paymentMethods, matchedTerms: ['cards'] })).toEqual([
      'We accept credit cards, PayPal and bank transfer.',
      'Cards are charged when the order ships.',
    ]);
    const long = { ...paymentMethods, text: `${'One sentence here. '.repeat(40)}`.trim(), matchedTerms: ['zzz'] };
    expect(sentencesToQuote(long)).toEqual(['One sentence here.', 'One sentence here.']);
  });
});
