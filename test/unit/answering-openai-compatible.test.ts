/** The OpenAI-compatible engine against a local SSE server (test/support/fake-openai.ts), as Ollama or vLLM would answer. */
import { EngineUnavailable } from '../../lib/answering/engine';
import { OpenAiCompatibleEngine, OpenAiServerError, serverSentData } from '../../lib/answering/openai-compatible';
import { openAiChunks, openAiTextAnswer, startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai';
import { collect, deltasOf, doneOf, handoffOf, requestFor, shippingEurope } from '../support/answering';

jest.setTimeout(10_000);

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());

const engine = (options: { idleTimeoutMs?: number; apiKey?: string } = {}) => new OpenAiCompatibleEngine({ baseUrl: fake.baseUrl, model: 'llama3.1:8b', ...options });
const request = () => requestFor('How fast do you ship to Germany?', [shippingEurope], ['ship', 'germany'], [{ role: 'seller', text: 'Hi, I am Ana.' }]);

test('streams the content deltas in order, then done with the usage as tokens and the document cited', async () => {
  fake.enqueue({ steps: openAiTextAnswer(['Shipping to Germany ', 'takes 1 to 2 ', 'working days.'], { input: 640, output: 12 }) });
  const { events, error } = await collect(engine(), request());
  expect(error).toBeUndefined();
  expect(deltasOf(events)).toEqual(['Shipping to Germany ', 'takes 1 to 2 ', 'working days.']);
  expect(doneOf(events)).toEqual({
    kind: 'done',
    text: 'Shipping to Germany takes 1 to 2 working days.',
    citations: [{ docId: 'shipping', title: 'Shipping and delivery', url: 'https://shop.example/help/shipping' }],
    tokens: { input: 640, output: 12 },
  });
});

test('asks for a stream with usage and the handoff tool, with the key as a bearer token when set', async () => {
  fake.enqueue({ steps: openAiTextAnswer(['ok'], { input: 1, output: 1 }) });
  const before = fake.requests.length;
  await collect(engine({ apiKey: 'local-key' }), request());
  const sent = fake.requests[before];
  expect(sent?.path).toBe('/v1/chat/completions');
  expect(sent?.headers.authorization).toBe('Bearer local-key');
  expect(sent?.body).toMatchObject({
    model: 'llama3.1:8b',
    stream: true,
    stream_options: { include_usage: true },
    tools: [{ type: 'function', function: { name: 'handoff_to_human' } }],
  });
  const messages = sent?.body.messages as { role: string; content: string }[];
  expect(messages.map((message) => message.role)).toEqual(['system', 'assistant', 'user']);
  expect(messages[1]?.content).toBe('[Seller] Hi, I am Ana.');
});

test('a server that sends no usage leaves the tokens at 0; an event split across writes is still read whole', async () => {
  fake.enqueue({ steps: [{ raw: 'data: {"choices":[{"index":0,"delta":{"content":"Hel' }, { delayMs: 10 }, { raw: 'lo"}}]}\n\n' }, openAiChunks.finish(), { done: true }] });
  const { events } = await collect(engine(), request());
  expect(deltasOf(events)).toEqual(['Hello']);
  expect(doneOf(events)?.tokens).toEqual({ input: 0, output: 0 });
});

test('tool_calls deltas of handoff_to_human become a handoff (model) with the reason, and the answer cites nothing', async () => {
  fake.enqueue({
    steps: [
      openAiChunks.role(),
      openAiChunks.toolCallStart('handoff_to_human'),
      openAiChunks.toolCallArguments('{"reason":"asks for'),
      openAiChunks.toolCallArguments(' a person"}'),
      openAiChunks.finish('tool_calls'),
      openAiChunks.usage(700, 20),
      { done: true },
    ],
  });
  const { events, error } = await collect(engine(), request());
  expect(error).toBeUndefined();
  expect(events.map((event) => event.kind)).toEqual(['handoff', 'done']);
  expect(handoffOf(events)).toEqual({ kind: 'handoff', reason: 'model', note: 'asks for a person' });
  expect(doneOf(events)).toMatchObject({ text: '', citations: [], tokens: { input: 700, output: 20 } });
});

test('a tool call with no finish_reason (as some servers send it) still hands off', async () => {
  fake.enqueue({ steps: [openAiChunks.toolCallStart('handoff_to_human'), openAiChunks.toolCallArguments('{"reason":"angry"}'), { done: true }] });
  expect(handoffOf((await collect(engine(), request())).events)?.note).toBe('angry');
});

describe('failures become EngineUnavailable', () => {
  const causeOf = (error: unknown) => {
    expect(error).toBeInstanceOf(EngineUnavailable);
    expect((error as EngineUnavailable).engine).toBe('openai-compatible');
    return (error as EngineUnavailable).cause as Error;
  };

  test('a rate-limit error event mid-stream, after the first deltas went out', async () => {
    fake.enqueue({ steps: [openAiChunks.text('Shipping '), { delayMs: 20 }, openAiChunks.error('Rate limit reached', 429)] });
    const { events, error } = await collect(engine(), request());
    expect(deltasOf(events)).toEqual(['Shipping ']);
    expect(doneOf(events)).toBeUndefined();
    expect(causeOf(error)).toMatchObject({ name: 'OpenAiServerError', status: 429, message: 'Rate limit reached' });
  });

  test.each([429, 500, 503])('HTTP %i', async (status) => {
    fake.enqueue({ status });
    const cause = causeOf((await collect(engine(), request())).error);
    expect(cause).toBeInstanceOf(OpenAiServerError);
    expect((cause as OpenAiServerError).status).toBe(status);
  });

  test('a connection cut before [DONE]', async () => {
    fake.enqueue({ steps: [openAiChunks.text('Ship'), { delayMs: 20 }, { cut: true }] });
    const { events, error } = await collect(engine(), request());
    expect(deltasOf(events)).toEqual(['Ship']);
    causeOf(error);
  });

  test('a stream that ends without [DONE]', async () => {
    fake.enqueue({ steps: [openAiChunks.text('Ship'), openAiChunks.finish()] });
    expect(causeOf((await collect(engine(), request())).error).message).toBe('the stream ended before [DONE]');
  });

  test('a stall past the idle timeout, bounded in time', async () => {
    fake.enqueue({ steps: [openAiChunks.text('Ship'), { delayMs: 3000 }, { done: true }] });
    const started = Date.now();
    const { error } = await collect(engine({ idleTimeoutMs: 200 }), request());
    expect(Date.now() - started).toBeLessThan(2000);
    expect(causeOf(error).message).toBe('no event for 200 ms');
  });

  test('a server that is not there', async () => {
    const nowhere = new OpenAiCompatibleEngine({ baseUrl: 'http://127.0.0.1:1/v1', model: 'm' });
    causeOf((await collect(nowhere, request())).error);
  });
});

test('server-sent data: comments and other fields skipped, multi-line data joined, CRLF accepted', async () => {
  const body = new Blob([': keep-alive\r\nevent: message\r\ndata: one\r\ndata: two\r\n\r\ndata:three\n\n']).stream();
  const seen: string[] = [];
  for await (const data of serverSentData(body)) seen.push(data);
  expect(seen).toEqual(['one\ntwo', 'three']);
});
