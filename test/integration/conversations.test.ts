/**
 * The conversation API on the real local stack (the stream server in front of the streaming
 * function, the extractive engine): start a conversation, ask, read the answer's events as they
 * arrive, read the history; a handoff and a seller's reply; Last-Event-ID; and the refusals.
 */
import { api, asFrame, connectSeller, connectSessionVisitor, sellerToken, uniqueId, newVisitorSession, type Frame, type VisitorSession } from '../support/chat-client';
import { readEventStream, type StreamedAnswer, type StreamedEvent } from '../support/sse-client';

const SHOP = 'conversation-shop';
/** the assistant answers its chats, but it has no documents: every question is handed to a person */
const HANDOFF_SHOP = 'conversation-handoff-shop';

const streamUrl = (path: string) => new URL(path, process.env.CHAT_STREAM_URL).toString();

interface ConversationCall {
  method?: string;
  body?: unknown;
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** A JSON call of the conversation API. */
async function call<Body = Record<string, unknown>>(path: string, options: ConversationCall = {}): Promise<{ status: number; body: Body; headers: Headers }> {
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(streamUrl(path), {
    method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
    headers: {
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: payload,
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Body, headers: response.headers };
}

/** A question, its answer read as an event stream. */
function ask(visitor: VisitorSession, id: string, content: unknown, headers: Record<string, string> = {}): Promise<StreamedAnswer> {
  return readEventStream(streamUrl(`/v1/chat/conversations/${id}/messages`), {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${visitor.session}`, ...headers },
    body: JSON.stringify({ content }),
  });
}

async function startConversation(visitor: VisitorSession, target = SHOP, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const created = await call('/v1/chat/conversations', { token: visitor.session, body: { target, userInfo: { name: 'Ada' }, ...extra } });
  expect(created.status).toBe(201);
  return created.body;
}

const named = (answer: StreamedAnswer, event: string) => answer.events.filter((e) => e.event === event);
const dataOf = <T = Record<string, unknown>>(event: StreamedEvent | undefined) => event?.data as T;

beforeAll(async () => {
  const put = await api('/v1/knowledge/shipping', {
    method: 'PUT',
    token: sellerToken(SHOP),
    body: { title: 'Shipping', text: '# Shipping\n\nOrders ship within 2 business days. Delivery in Europe takes 3 to 5 days after shipping.', format: 'markdown' },
  });
  expect(put.status).toBeLessThan(300);
});

describe('the conversation API', () => {
  test('create, ask: the answer streams (the first delta before done), then the history holds the question and the stored answer', async () => {
    const visitor = await newVisitorSession();
    const conversation = await startConversation(visitor, SHOP, { title: 'Shipping to Lisbon' });
    expect(conversation).toMatchObject({ id: expect.any(String), status: 'queued', target: SHOP, title: 'Shipping to Lisbon', assistant: true });
    const id = conversation.id as string;

    const answer = await ask(visitor, id, 'How long does shipping take?', { 'x-request-id': 'client-req-1' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(answer.headers.get('x-request-id')).toBe('client-req-1');
    expect(answer.complete).toBe(true);
    const names = answer.events.map((e) => e.event);
    expect(names.indexOf('delta')).toBeGreaterThanOrEqual(0);
    expect(names.indexOf('delta')).toBeLessThan(names.indexOf('done'));
    expect(names.at(-1)).toBe('done');
    // every event carries an id a client resumes from
    expect(answer.events.every((e) => /^\d+\.(\d+|done)$/.test(e.id ?? ''))).toBe(true);
    expect(named(answer, 'citation').map((e) => dataOf(e))).toEqual([expect.objectContaining({ docId: 'shipping', title: 'Shipping' })]);
    const done = dataOf<{ question: { id: string; seq: number }; messageId: string; seq: number; tokens: { input: number; output: number } }>(named(answer, 'done')[0]);
    expect(done).toMatchObject({ question: { seq: 1 }, seq: 2, tokens: { input: expect.any(Number), output: expect.any(Number) } });
    const streamedText = named(answer, 'delta')
      .map((e) => dataOf<{ text: string }>(e).text)
      .join('');
    expect(streamedText).toMatch(/days/);

    const history = await call<{ messages: Frame[]; title: string }>(`/v1/chat/conversations/${id}`, { token: visitor.session });
    expect(history.status).toBe(200);
    expect(history.body.title).toBe('Shipping to Lisbon');
    expect(history.body.messages.map((m) => [m.seq, m.role])).toEqual([
      [1, 'visitor'],
      [2, 'assistant'],
    ]);
    const stored = history.body.messages[1] as Frame;
    expect(stored).toMatchObject({ id: done.messageId, message: streamedText, citations: [expect.objectContaining({ docId: 'shipping' })], tokens: done.tokens });
    expect(history.body.messages[0]).toMatchObject({ id: done.question.id, message: 'How long does shipping take?' });
  });

  test('a question the assistant cannot answer: a handoff event naming where the chat waits; the seller then takes it and its reply is read through GET', async () => {
    const visitor = await newVisitorSession();
    const { id } = (await startConversation(visitor, HANDOFF_SHOP)) as { id: string };
    const answer = await ask(visitor, id, 'Do you sell telescopes for astronomy?');
    expect(answer.status).toBe(200);
    const names = answer.events.map((e) => e.event);
    expect(names.at(-1)).toBe('done');
    expect(names.indexOf('handoff')).toBeLessThan(names.indexOf('done'));
    expect(dataOf(named(answer, 'handoff')[0])).toEqual({ reason: 'low-confidence', status: 'queued', sellerId: null, queue: HANDOFF_SHOP });

    // the chat waits in the shop's queue like any other: a seller of the shop connects and is given it
    const seller = await connectSeller(HANDOFF_SHOP, { maxChats: 50 });
    await seller.next((frame) => frame.action === 'contactAssigned' && frame.contact_id === id, 10_000);
    seller.send({ action: 'sendMessage', contact_id: id, message: 'We do not, sorry. Binoculars?', clientMessageId: uniqueId('r') });
    await seller.next((frame) => frame.action === 'messageAck' && frame.contact_id === id);
    const history = await call<{ status: string; sellerId: string; messages: Frame[] }>(`/v1/chat/conversations/${id}`, { token: visitor.session });
    expect(history.body).toMatchObject({ status: 'assigned', sellerId: HANDOFF_SHOP });
    expect(history.body.messages.at(-1)).toMatchObject({ role: 'seller', message: 'We do not, sorry. Binoculars?' });

    // a question now: the stream says a person holds the chat, and the seller gets the question on its socket
    const later = await ask(visitor, id, 'And binoculars, how much?');
    expect(dataOf(named(later, 'handoff')[0])).toMatchObject({ reason: 'with-a-person', status: 'assigned', sellerId: HANDOFF_SHOP, queue: null });
    expect(asFrame(await seller.next((frame) => frame.action === 'sendMessage' && frame.message === 'And binoculars, how much?'), 'sendMessage').role).toBe('visitor');
    await seller.close();
  });

  test("the same visitor's socket gets the question's answer too: its deltas and the stored message, as a widget chat's", async () => {
    const visitor = await newVisitorSession();
    const { id } = (await startConversation(visitor)) as { id: string };
    const socket = await connectSessionVisitor(visitor);
    const answer = await ask(visitor, id, 'How long does shipping take?');
    const done = dataOf<{ messageId: string }>(named(answer, 'done')[0]);
    const stored = asFrame(await socket.next((frame) => frame.action === 'sendMessage' && frame.role === 'assistant' && frame.contact_id === id, 10_000), 'sendMessage');
    expect(stored.id).toBe(done.messageId);
    const deltas = socket.frames.filter((frame) => frame.action === 'assistantDelta' && frame.contact_id === id);
    expect(deltas.map((frame) => frame.delta).join('')).toBe(stored.message);
    await socket.close();
  });

  test('Last-Event-ID resumes an answer: the rest of its text, its citations and done, without storing the question again', async () => {
    const visitor = await newVisitorSession();
    const { id } = (await startConversation(visitor)) as { id: string };
    const first = await ask(visitor, id, 'How long does delivery in Europe take?');
    const text = named(first, 'delta')
      .map((e) => dataOf<{ text: string }>(e).text)
      .join('');
    const done = dataOf<{ question: { seq: number }; messageId: string }>(named(first, 'done')[0]);
    const resume = (lastEventId: string) =>
      readEventStream(streamUrl(`/v1/chat/conversations/${id}/messages`), { headers: { authorization: `Bearer ${visitor.session}`, 'last-event-id': lastEventId } });

    const cut = 7;
    const rest = await resume(`${done.question.seq}.${cut}`);
    expect(rest.status).toBe(200);
    expect(named(rest, 'delta').map((e) => dataOf<{ text: string }>(e).text)).toEqual([text.slice(cut)]);
    expect(named(rest, 'citation')).toHaveLength(named(first, 'citation').length);
    expect(dataOf(named(rest, 'done')[0])).toMatchObject({ messageId: done.messageId });
    // after done there is nothing left but done
    const after = await resume(`${done.question.seq}.done`);
    expect(after.events.map((e) => e.event)).toEqual(['done']);
    // a resume stores nothing: the history still holds one question and one answer
    const history = await call<{ messages: Frame[] }>(`/v1/chat/conversations/${id}`, { token: visitor.session });
    expect(history.body.messages.map((m) => m.role)).toEqual(['visitor', 'assistant']);
    // an id that is none of ours is refused
    expect((await resume('garbage')).status).toBe(400);
  });

  test("another visitor's conversation is 404 on every route; a bad token is 401; a seller of the queue may read it", async () => {
    const owner = await newVisitorSession();
    const stranger = await newVisitorSession();
    const { id } = (await startConversation(owner)) as { id: string };
    expect((await call(`/v1/chat/conversations/${id}`, { token: stranger.session })).status).toBe(404);
    expect((await call(`/v1/chat/conversations/${id}`, { token: stranger.session, method: 'DELETE' })).status).toBe(404);
    const asked = await ask(stranger, id, 'Is this mine?');
    expect(asked.status).toBe(404);
    expect(asked.body).toMatchObject({ error: { code: 'NOT_FOUND' } });

    const bad = await call(`/v1/chat/conversations/${id}`, { token: 'not-a-token' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect((await call('/v1/chat/conversations', { body: { target: SHOP } })).status).toBe(401);
    // a seller of the shop sees the queued chat, as in the history API; another seller does not
    expect((await call(`/v1/chat/conversations/${id}`, { token: sellerToken(SHOP) })).status).toBe(200);
    expect((await call(`/v1/chat/conversations/${id}`, { token: sellerToken(uniqueId('seller')) })).status).toBe(404);
  });

  test('malformed bodies are 400 naming the field; every response carries an X-Request-Id', async () => {
    const visitor = await newVisitorSession();
    const noTarget = await call<{ error: { message: string }; requestId: string }>('/v1/chat/conversations', { token: visitor.session, body: { title: 'x' } });
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error.message).toBe('target is required');
    expect(noTarget.headers.get('x-request-id')).toBe(noTarget.body.requestId);
    const { id } = (await startConversation(visitor)) as { id: string };
    const noContent = await ask(visitor, id, undefined);
    expect(noContent.status).toBe(400);
    expect(noContent.body).toMatchObject({ error: { code: 'BAD_REQUEST', message: 'content is required' } });
    const notText = await ask(visitor, id, 42);
    expect(notText.body).toMatchObject({ error: { message: expect.stringMatching(/^content: /) } });
    const notJson = await call(`/v1/chat/conversations/${id}/messages`, { token: visitor.session, rawBody: '{"content":' });
    expect(notJson.status).toBe(400);
  });

  test('over the rate limit: 429 with Retry-After', async () => {
    const visitor = await newVisitorSession();
    const { id } = (await startConversation(visitor)) as { id: string };
    // RATE_LIMIT_CONVERSATION_CALLER allows a burst of 30 per visitor
    const answers = await Promise.all(Array.from({ length: 40 }, () => call(`/v1/chat/conversations/${id}`, { token: visitor.session })));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited[0]!.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
  });

  test('CORS: a preflight is answered; a page the target does not list is refused, a listed one gets its origin back', async () => {
    const preflight = await fetch(streamUrl('/v1/chat/conversations'), { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('last-event-id');
    const visitor = await newVisitorSession();
    const refused = await call('/v1/chat/conversations', { token: visitor.session, body: { target: 'origin-locked-seller' }, headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    const allowed = await call('/v1/chat/conversations', { token: visitor.session, body: { target: 'origin-locked-seller' }, headers: { origin: 'https://shop.example' } });
    expect(allowed.status).toBe(201);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  test('DELETE, then GET is 404', async () => {
    const visitor = await newVisitorSession();
    const { id } = (await startConversation(visitor)) as { id: string };
    await ask(visitor, id, 'How long does shipping take?');
    const deleted = await call(`/v1/chat/conversations/${id}`, { token: visitor.session, method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id, deleted: true, messagesDeleted: 2 });
    expect((await call(`/v1/chat/conversations/${id}`, { token: visitor.session })).status).toBe(404);
  });
});
