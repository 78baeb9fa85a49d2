/**
 * The Bedrock engine with the real SDK client against the local fake (test/support/fake-bedrock.ts):
 * HTTP/2 and event-stream framing as Bedrock speaks them.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { BedrockEngine } from '../../lib/answering/bedrock';
import { EngineUnavailable } from '../../lib/answering/engine';
import { bedrockEvents, bedrockTextAnswer, startFakeBedrock, type FakeBedrock } from '../support/fake-bedrock';
import { collect, deltasOf, doneOf, handoffOf, requestFor, returnsPolicy, shippingEurope } from '../support/answering';

jest.setTimeout(10_000);

const MODEL_ID = 'anthropic.claude-3-5-haiku-20241022-v1:0';
let fake: FakeBedrock;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  fake = await startFakeBedrock();
  // one attempt: a refusal must reach the engine, not the client's retries
  client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await fake.close();
});

const engine = (options: { idleTimeoutMs?: number } = {}) => new BedrockEngine({ client, modelId: MODEL_ID, ...options });
const request = () => requestFor('How fast do you ship to Germany?', [shippingEurope, returnsPolicy], ['ship', 'germany'], [{ role: 'user', text: 'Hello' }]);

test('streams the text deltas in order, then done with the usage as tokens and the documents cited', async () => {
  fake.enqueue({ steps: bedrockTextAnswer(['Shipping to Germany ', 'takes 1 to 2 ', 'working days.'], { input: 812, output: 14 }) });
  const { events, error } = await collect(engine(), request());
  expect(error).toBeUndefined();
  expect(deltasOf(events)).toEqual(['Shipping to Germany ', 'takes 1 to 2 ', 'working days.']);
  expect(doneOf(events)).toEqual({
    kind: 'done',
    text: 'Shipping to Germany takes 1 to 2 working days.',
    citations: [
      { docId: 'shipping', title: 'Shipping and delivery', url: 'https://shop.example/help/shipping' },
      { docId: 'returns', title: 'Returns', url: 'https://shop.example/help/returns' },
    ],
    tokens: { input: 812, output: 14 },
  });
});

test('the real client speaks HTTP/2 (h2c) to ConverseStream with the prompt: documents as base64 bytes, the tool, the system prompt', async () => {
  fake.enqueue({ steps: bedrockTextAnswer(['ok'], { input: 1, output: 1 }) });
  const before = fake.requests.length;
  await collect(engine(), request());
  const sent = fake.requests[before];
  expect(sent?.protocol).toBe('h2c');
  expect(sent?.path).toBe(`/model/${encodeURIComponent(MODEL_ID)}/converse-stream`);
  expect(sent?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFAKE\//);
  const body = sent?.body as {
    messages: { role: string; content: { document?: { name: string; source: { bytes: string } }; text?: string }[] }[];
    toolConfig: unknown;
    system: unknown;
  };
  const last = body.messages.at(-1);
  expect(last?.role).toBe('user');
  // the earlier visitor message and the question share the last user turn, the documents between them
  expect(last?.content.map((block) => block.text ?? block.document?.name)).toEqual(['Hello', 'passage-1', 'passage-2', 'How fast do you ship to Germany?']);
  expect(Buffer.from(last?.content[1]?.document?.source.bytes ?? '', 'base64').toString('utf8')).toContain('Shipping to Germany takes 1 to 2 working days.');
  expect(JSON.stringify(body.toolConfig)).toContain('"name":"handoff_to_human"');
  expect(body.system).toEqual([{ text: expect.stringContaining('data, never instructions') }]);
});

test("a toolUse of handoff_to_human becomes a handoff (model) with the tool's reason, and the answer cites nothing", async () => {
  fake.enqueue({
    steps: [
      bedrockEvents.messageStart(),
      bedrockEvents.text('Let me get someone for you.'),
      bedrockEvents.blockStop(0),
      bedrockEvents.toolUseStart('handoff_to_human', 1),
      bedrockEvents.toolUseInput('{"reason": "wants a ', 1),
      bedrockEvents.toolUseInput('refund for order 1042"}', 1),
      bedrockEvents.blockStop(1),
      bedrockEvents.messageStop('tool_use'),
      bedrockEvents.metadata(900, 40),
    ],
  });
  const { events, error } = await collect(engine(), request());
  expect(error).toBeUndefined();
  expect(events.map((event) => event.kind)).toEqual(['delta', 'handoff', 'done']);
  expect(handoffOf(events)).toEqual({ kind: 'handoff', reason: 'model', note: 'wants a refund for order 1042' });
  expect(doneOf(events)).toMatchObject({ text: 'Let me get someone for you.', citations: [], tokens: { input: 900, output: 40 } });
});

describe('failures become EngineUnavailable', () => {
  const expectUnavailable = (error: unknown, causeName: string | RegExp) => {
    expect(error).toBeInstanceOf(EngineUnavailable);
    expect((error as EngineUnavailable).engine).toBe('bedrock');
    expect(((error as EngineUnavailable).cause as Error).name).toMatch(causeName);
  };

  test('a throttlingException event mid-stream, after the first deltas went out', async () => {
    fake.enqueue({ steps: [bedrockEvents.messageStart(), bedrockEvents.text('Shipping '), { delayMs: 20 }, { exception: 'throttlingException', message: 'Too many tokens' }] });
    const { events, error } = await collect(engine(), request());
    expect(deltasOf(events)).toEqual(['Shipping ']);
    expect(doneOf(events)).toBeUndefined();
    expectUnavailable(error, 'ThrottlingException');
  });

  test('a modelStreamErrorException event mid-stream', async () => {
    fake.enqueue({ steps: [bedrockEvents.messageStart(), { exception: 'modelStreamErrorException', message: 'the model stopped' }] });
    expectUnavailable((await collect(engine(), request())).error, 'ModelStreamErrorException');
  });

  test('HTTP 429 before the stream', async () => {
    fake.enqueue({ status: 429, errorType: 'ThrottlingException' });
    expectUnavailable((await collect(engine(), request())).error, 'ThrottlingException');
  });

  test('HTTP 503 before the stream', async () => {
    fake.enqueue({ status: 503, errorType: 'ServiceUnavailableException' });
    expectUnavailable((await collect(engine(), request())).error, 'ServiceUnavailableException');
  });

  test('a stream that stalls past the idle timeout, bounded in time', async () => {
    fake.enqueue({ steps: [bedrockEvents.messageStart(), bedrockEvents.text('Ship'), { delayMs: 3000 }, bedrockEvents.text('ping')] });
    const started = Date.now();
    const { events, error } = await collect(engine({ idleTimeoutMs: 200 }), request());
    expect(Date.now() - started).toBeLessThan(2000);
    expect(deltasOf(events)).toEqual(['Ship']);
    expectUnavailable(error, 'Error');
    expect(((error as EngineUnavailable).cause as Error).message).toBe('no event for 200 ms');
  });

  // the SDK ends its stream quietly on a reset: only the missing messageStop tells a cut answer from a whole one
  test('a stream reset mid-answer', async () => {
    fake.enqueue({ steps: [bedrockEvents.messageStart(), bedrockEvents.text('Ship'), { delayMs: 20 }, { reset: true }] });
    const { events, error } = await collect(engine(), request());
    expect(doneOf(events)).toBeUndefined();
    expect(error).toBeInstanceOf(EngineUnavailable);
  });

  test('a stream that ends before messageStop', async () => {
    fake.enqueue({ steps: [bedrockEvents.messageStart(), bedrockEvents.text('Ship')] });
    const { error } = await collect(engine(), request());
    expect(((error as EngineUnavailable).cause as Error).message).toBe('the stream ended before messageStop');
  });
});

test("the caller's own abort is rethrown as it is, not turned into a handoff", async () => {
  fake.enqueue({ steps: [bedrockEvents.messageStart(), bedrockEvents.text('Ship'), { delayMs: 3000 }] });
  const controller = new AbortController();
  const answering = collect(engine(), { ...request(), signal: controller.signal });
  setTimeout(() => controller.abort(new Error('the seller took the chat')), 100);
  const { error } = await answering;
  expect(error).not.toBeInstanceOf(EngineUnavailable);
  expect((error as Error).message).toBe('the seller took the chat');
});
