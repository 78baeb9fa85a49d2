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
});

describe("the shop's assistant in a waiting chat", () => {
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
