/**
 * The shop's assistant on the real stack (ASSISTANT waiting for assistant-shop, set by the test
 * setup; the extractive engine): a waiting chat's question gets streamed deltas, then one stored
 * answer citing the target's own document; a question the documents cannot answer gets "I don't
 * know" and a handoff; "Talk to a person" stops it.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { chatKeys, lineKeyOfContact } from '../../lib/store/keys';
import { api, asFrame, connectSeller, connectVisitor, dynamo, sellerToken, tableName, uniqueId, type ChatSocket, type Frame } from '../support/chat-client';
import { eventually, initChat } from '../support/chat-stories';

const SHOP = 'assistant-shop';
const OTHER = 'assistant-shop-2';
/** ASSISTANT first: a seller with no team, and a team whose sellers the tests connect */
const FIRST = 'assistant-first';
const FIRST_TEAM = 'assistant-first-team';

async function putDocument(target: string, docId: string, title: string, text: string): Promise<void> {
  const answer = await api(`/v1/knowledge/${docId}`, { method: 'PUT', token: sellerToken(target), body: { title, text, format: 'markdown' } });
  expect(answer.status).toBeLessThan(300);
}

/** Sends a question into the chat and resolves with what followed it up to the assistant's stored answer (or handoff). */
async function ask(visitor: ChatSocket, contactId: string, text: string): Promise<void> {
  visitor.send({ action: 'sendMessage', contact_id: contactId, message: text, clientMessageId: uniqueId('q') });
}

const isAssistantMessage = (frame: Frame) => frame.action === 'sendMessage' && frame.role === 'assistant';

beforeAll(async () => {
  await putDocument(SHOP, 'shipping', 'Shipping', '# Shipping\n\nOrders ship within 2 business days. Delivery in Europe takes 3 to 5 days after shipping.');
  await putDocument(SHOP, 'returns', 'Returns', '# Returns\n\nYou can return any item within 30 days for a full refund.');
  // another shop's document about the same words: never cited in SHOP's chats
  await putDocument(OTHER, 'shipping-other', 'Other shipping', '# Shipping\n\nThe other shop ships by sea, which takes 6 weeks.');
  await putDocument(FIRST, 'shipping', 'Shipping', '# Shipping\n\nOrders ship within 2 business days. Delivery in Europe takes 3 to 5 days after shipping.');
  const teamMember = sellerToken('first-team-writer', { teams: [FIRST_TEAM] });
  const answer = await api(`/v1/knowledge/shipping?target=${FIRST_TEAM}`, {
    method: 'PUT',
    token: teamMember,
    body: { title: 'Shipping', text: '# Shipping\n\nOrders ship within 2 business days. Delivery in Europe takes 3 to 5 days after shipping.', format: 'markdown' },
  });
  expect(answer.status).toBeLessThan(300);
});

describe("the shop's assistant in a waiting chat", () => {
  test('with nobody online it keeps answering, question after question, and the visitor is offered the email form', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, SHOP);
    expect(chat.queue).toMatchObject({ reason: 'offline', autoReply: expect.stringMatching(/email/) });
    await ask(visitor, chat.contact_id as string, 'How long does shipping take?');
    await visitor.next((frame) => isAssistantMessage(frame) && frame.seq === 2, 15_000);
    await ask(visitor, chat.contact_id as string, 'Can I return an item?');
    const second = asFrame(await visitor.next((frame) => isAssistantMessage(frame) && frame.seq === 4, 15_000), 'sendMessage');
    expect(second.citations).toEqual([expect.objectContaining({ docId: 'returns' })]);
    expect(visitor.frames.filter((frame) => frame.action === 'assistantHandoff')).toEqual([]);
    await visitor.close();
  });

  test('a shipping question streams deltas, then one stored answer with role assistant citing the shipping document', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, SHOP);
    expect(chat.status).toBe('queued');
    // the ack says the assistant answers this chat (so the widget offers "Talk to a person")
    expect(chat.assistant).toBe(true);
    await ask(visitor, chat.contact_id as string, 'How long does shipping take?');
    const answer = asFrame(await visitor.next(isAssistantMessage, 15_000), 'sendMessage');
    expect(answer).toMatchObject({ role: 'assistant', from: 'assistant', seq: 2, citations: [expect.objectContaining({ docId: 'shipping', title: 'Shipping' })] });
    expect(answer.message).toMatch(/Shipping[\s\S]*days/);
    expect((answer as Frame).tokens).toEqual({ input: expect.any(Number), output: expect.any(Number) });
    const deltas = visitor.frames.filter((frame) => frame.action === 'assistantDelta');
    expect(deltas.length).toBeGreaterThan(0);
    // every delta came before the stored answer, and none looks like a message to the seed widget
    expect(visitor.frames.indexOf(deltas.at(-1) as Frame)).toBeLessThan(visitor.frames.indexOf(answer as Frame));
    for (const delta of deltas) expect(Object.keys(delta).sort()).toEqual(['action', 'answerId', 'contact_id', 'delta']);
    // stored once, and another shop's document is never cited
    const stored = await dynamo().send(
      new QueryCommand({ TableName: tableName('messages'), KeyConditionExpression: 'contactId = :c', ExpressionAttributeValues: { ':c': chat.contact_id } }),
    );
    expect((stored.Items ?? []).map((item) => item.senderRole)).toEqual(['visitor', 'assistant']);
    expect(JSON.stringify(answer)).not.toContain('shipping-other');
    await visitor.close();
  });

  test('a question the documents cannot answer gets "I don\'t know", no citation, and a handoff; the assistant then answers no more', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, SHOP);
    await ask(visitor, chat.contact_id as string, 'Do you sell telescopes for astronomy?');
    const handoff = asFrame(await visitor.next('assistantHandoff', 15_000), 'assistantHandoff');
    expect(handoff).toMatchObject({ contact_id: chat.contact_id, reason: 'low-confidence', status: 'queued' });
    const answer = visitor.frames.find(isAssistantMessage);
    expect(answer?.citations ?? []).toEqual([]);
    const line = await dynamo().send(new GetCommand({ TableName: tableName('chats'), Key: chatKeys.line(lineKeyOfContact(chat.contact_id as string) as string) }));
    expect(line.Item?.assistantOff).toBe(true);
    await visitor.close();
  });

  test('"Talk to a person" is answered with assistantHandoff (requested) and turns the assistant off for the chat', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, SHOP);
    visitor.send({ action: 'requestHuman', contact_id: chat.contact_id });
    expect(await visitor.next('assistantHandoff')).toMatchObject({ contact_id: chat.contact_id, reason: 'requested', status: 'queued' });
    const key = chatKeys.line(lineKeyOfContact(chat.contact_id as string) as string);
    await eventually(async () => ((await dynamo().send(new GetCommand({ TableName: tableName('chats'), Key: key }))).Item?.assistantOff ? true : undefined), 'the assistant off');
    // another visitor's chat is refused
    const stranger = await connectVisitor(uniqueId('device'));
    stranger.send({ action: 'requestHuman', contact_id: chat.contact_id });
    expect((await stranger.next('error')).error.code).toBe('FORBIDDEN');
    await Promise.all([visitor.close(), stranger.close()]);
  });
});

describe("the shop's assistant first (ASSISTANT first)", () => {
  test('a new chat goes to the assistant even with a seller online; "Talk to a person" gives it to that seller with the conversation, and the assistant is silent after', async () => {
    const sellerId = uniqueId('first-seller');
    const seller = await connectSeller(sellerId, { teams: [FIRST_TEAM], maxChats: 50 });
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, FIRST_TEAM);
    expect(chat).toMatchObject({ status: 'queued', sellerId: null, assistant: true });
    // with the assistant, in no queue: no wait notice for the visitor
    expect(chat).not.toHaveProperty('queue');
    const contactId = chat.contact_id as string;
    await ask(visitor, contactId, 'How long does shipping take?');
    const answer = asFrame(await visitor.next(isAssistantMessage, 15_000), 'sendMessage');
    expect(answer.citations).toEqual([expect.objectContaining({ docId: 'shipping' })]);
    // the seller was told nothing of a chat the assistant holds
    expect(seller.frames.filter((frame) => frame.contact_id === contactId)).toEqual([]);

    visitor.send({ action: 'requestHuman', contact_id: contactId });
    expect(await visitor.next('assistantHandoff')).toMatchObject({ contact_id: contactId, reason: 'requested', status: 'assigned' });
    expect(await visitor.next('contactAssigned')).toMatchObject({ contact_id: contactId, sellerId });
    expect(await seller.next((frame) => frame.action === 'contactAssigned' && frame.contact_id === contactId)).toMatchObject({ status: 'assigned' });
    // the seller gets the conversation so far: the question and the assistant's answer, marked as such
    const backlog = [
      await seller.next((frame) => frame.action === 'sendMessage' && frame.contact_id === contactId && frame.seq === 1),
      await seller.next((frame) => frame.action === 'sendMessage' && frame.contact_id === contactId && frame.seq === 2),
    ];
    expect(backlog.map((frame) => frame.role)).toEqual(['visitor', 'assistant']);
    // and the handoff note, for sellers only: why, the question, what the assistant said
    const note = await seller.next((frame) => frame.action === 'privateNote' && frame.contact_id === contactId);
    expect(note.note).toMatchObject({ kind: 'handoff', authorRole: 'system', text: expect.stringContaining('the visitor asked for a person') });
    expect(String((note.note as { text: string }).text)).toContain('How long does shipping take?');

    // the assistant is silent now: the visitor's next question reaches the seller, and only the seller answers
    await ask(visitor, contactId, 'And how long does delivery take?');
    await seller.next((frame) => frame.action === 'sendMessage' && frame.contact_id === contactId && frame.seq === 3);
    seller.send({ action: 'sendMessage', contact_id: contactId, message: 'Three to five days.', clientMessageId: uniqueId('r') });
    await visitor.next((frame) => frame.action === 'sendMessage' && frame.role === 'seller');
    expect(visitor.frames.filter((frame) => frame.action === 'privateNote')).toEqual([]);
    const afterHandoff = visitor.frames.slice(visitor.frames.findIndex((frame) => frame.action === 'assistantHandoff'));
    expect(afterHandoff.filter((frame) => frame.action === 'assistantDelta' || isAssistantMessage(frame))).toEqual([]);
    await Promise.all([seller.close(), visitor.close()]);
  });

  test('with nobody online, a question it cannot answer hands the chat to the queue, with the reason and place the visitor is told', async () => {
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, FIRST);
    const contactId = chat.contact_id as string;
    await ask(visitor, contactId, 'Do you sell telescopes for astronomy?');
    const handoff = asFrame(await visitor.next('assistantHandoff', 15_000), 'assistantHandoff');
    expect(handoff).toMatchObject({ contact_id: contactId, reason: 'low-confidence', status: 'queued', queue: { reason: 'offline', position: expect.any(Number) } });
    // the visitor is offered the email form, as any chat waiting for someone offline
    expect((handoff.queue as { autoReply?: string }).autoReply).toMatch(/email/);
    const line = await dynamo().send(new GetCommand({ TableName: tableName('chats'), Key: chatKeys.line(lineKeyOfContact(contactId) as string) }));
    expect(line.Item).toMatchObject({ status: 'queued', queueKey: FIRST, assistantOff: true });
    // the seller who comes online gets it from the queue
    const seller = await connectSeller(FIRST);
    expect(await seller.next((frame) => frame.action === 'contactAssigned' && frame.contact_id === contactId, 15_000)).toBeTruthy();
    // and reads the handoff note with the chat; its visitor never does
    const forSeller = await api(`/v1/contacts/${contactId}`, { token: sellerToken(FIRST) });
    expect(JSON.stringify(forSeller.body)).toContain('its documents did not answer the question');
    expect(visitor.frames.filter((frame) => frame.action === 'privateNote')).toEqual([]);
    await Promise.all([seller.close(), visitor.close()]);
  });
});

describe("the assistant's limits (ASSISTANT_ANSWERS_PER_MINUTE 1 for assistant-limited)", () => {
  test('past the limit the chat goes to a person with reason assistant-unavailable, and the question stays', async () => {
    const LIMITED = 'assistant-limited';
    await putDocument(LIMITED, 'shipping', 'Shipping', '# Shipping\n\nOrders ship within 2 business days. Delivery in Europe takes 3 to 5 days after shipping.');
    const outcomes: string[] = [];
    // three chats asking one after another span two minutes at most, so one of them at least is past the limit
    for (let i = 0; i < 3; i++) {
      const visitor = await connectVisitor(uniqueId('device'));
      const chat = await initChat(visitor, LIMITED);
      await ask(visitor, chat.contact_id as string, 'How long does shipping take?');
      const outcome = await visitor.next((frame) => isAssistantMessage(frame) || frame.action === 'assistantHandoff', 15_000);
      outcomes.push(outcome.action === 'assistantHandoff' ? `handoff:${String(outcome.reason)}` : 'answered');
      if (outcome.action === 'assistantHandoff') {
        // the visitor's question is kept for the person who takes the chat
        const stored = await dynamo().send(
          new QueryCommand({ TableName: tableName('messages'), KeyConditionExpression: 'contactId = :c', ExpressionAttributeValues: { ':c': chat.contact_id } }),
        );
        expect((stored.Items ?? []).map((item) => item.senderRole)).toEqual(['visitor']);
      }
      await visitor.close();
    }
    expect(outcomes[0]).toBe('answered');
    expect(outcomes).toContain('handoff:assistant-unavailable');
  });
});

describe('"Suggest a reply"', () => {
  test("a seller gets a draft citing the shop's document, streamed to its own connection only; the visitor gets nothing of it", async () => {
    const sellerId = 'assistant-shop';
    const seller = await connectSeller(sellerId, { maxChats: 50 });
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, SHOP);
    expect(chat.status).toBe('assigned');
    expect(chat).not.toHaveProperty('assistant');
    await ask(visitor, chat.contact_id as string, 'How long does shipping take?');
    await seller.next((frame) => frame.action === 'sendMessage' && frame.contact_id === chat.contact_id);

    seller.send({ action: 'suggestReply', contact_id: chat.contact_id });
    const done = asFrame(await seller.next('suggestionDone', 15_000), 'suggestionDone');
    expect(done.text).toMatch(/days/);
    expect(done.citations).toEqual([expect.objectContaining({ docId: 'shipping' })]);
    const deltas = seller.frames.filter((frame) => frame.action === 'suggestionDelta' && frame.contact_id === chat.contact_id);
    expect(deltas.map((frame) => frame.delta).join('')).toBe(done.text);

    // the seller sends it (edited or not) as any reply; the visitor's frames up to that reply hold no draft
    seller.send({ action: 'sendMessage', contact_id: chat.contact_id, message: done.text, clientMessageId: uniqueId('r') });
    await visitor.next((frame) => frame.action === 'sendMessage' && frame.role === 'seller');
    expect(visitor.frames.filter((frame) => String(frame.action).startsWith('suggestion'))).toEqual([]);

    // a seller who does not hold the chat is refused
    const other = await connectSeller(uniqueId('seller'));
    other.send({ action: 'suggestReply', contact_id: chat.contact_id });
    expect((await other.next('error')).error.code).toBe('FORBIDDEN');
    await Promise.all([seller.close(), visitor.close(), other.close()]);
  });
});
