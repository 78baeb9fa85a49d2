/** Shared by the answering tests: a shop's passages as retrieval would rank them, and an answer's events collected. */
import type { RankedPassage } from '../../lib/knowledge/passage';
import type { AnswerEngine, AnswerEvent, AnswerRequest } from '../../lib/answering/engine';

export const shippingEurope: RankedPassage = {
  docId: 'shipping',
  title: 'Shipping and delivery',
  url: 'https://shop.example/help/shipping',
  passageId: 'shipping#2',
  heading: 'Shipping > Europe',
  text: 'We ship every weekday from our warehouse in Leipzig. Shipping to Germany takes 1 to 2 working days. Shipping to the rest of the EU takes 3 to 5 working days. Parcels are insured.',
  score: 6.4,
  matchedTerms: ['shipping', 'germany'],
};

export const returnsPolicy: RankedPassage = {
  docId: 'returns',
  title: 'Returns',
  url: 'https://shop.example/help/returns',
  passageId: 'returns#1',
  text: 'You may return any item within 30 days. Return shipping is free within Germany. Refunds reach your account within 5 days of our receiving the parcel.',
  score: 2.1,
  matchedTerms: ['shipping', 'germany'],
};

export const paymentMethods: RankedPassage = {
  docId: 'payment',
  title: 'Payment',
  passageId: 'payment#1',
  text: 'We accept credit cards, PayPal and bank transfer. Cards are charged when the order ships.',
  score: 2.3,
  matchedTerms: ['cards'],
};

export function requestFor(question: string, passages: RankedPassage[], queryTerms: string[], history: AnswerRequest['history'] = []): AnswerRequest {
  return { question, history, passages, queryTerms };
}

/** Every event of an answer, and what it threw at the end (if it threw). */
export async function collect(engine: AnswerEngine, request: AnswerRequest): Promise<{ events: AnswerEvent[]; error?: unknown }> {
  const events: AnswerEvent[] = [];
  try {
    for await (const event of engine.answer(request)) events.push(event);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

export const deltasOf = (events: AnswerEvent[]): string[] => events.flatMap((event) => (event.kind === 'delta' ? [event.text] : []));
export const doneOf = (events: AnswerEvent[]) => events.find((event): event is Extract<AnswerEvent, { kind: 'done' }> => event.kind === 'done');
export const handoffOf = (events: AnswerEvent[]) => events.find((event): event is Extract<AnswerEvent, { kind: 'handoff' }> => event.kind === 'handoff');
