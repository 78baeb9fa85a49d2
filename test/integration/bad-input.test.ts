/** Every kind of bad frame gets an error frame saying what was wrong, and the socket stays usable. */
import { connectSeller, connectVisitor, uniqueId, type ChatSocket } from '../support/chat-client';

async function expectError(socket: ChatSocket, code: string, messagePattern: RegExp) {
  const frame = await socket.next('error');
  expect(frame).toMatchObject({ action: 'error', type: 'error', error: { code } });
  expect(frame.error.message).toMatch(messagePattern);
  expect(typeof frame.requestId).toBe('string');
  expect(frame).not.toHaveProperty('message');
  return frame;
}

describe('bad input over the socket', () => {
  let sellerId: string;
  let seller: ChatSocket;
  let visitor: ChatSocket;

  beforeAll(async () => {
    sellerId = uniqueId('seller');
    seller = await connectSeller(sellerId);
    visitor = await connectVisitor(uniqueId('device'));
  });
  afterAll(async () => {
    await Promise.all([visitor.close(), seller.close()]);
  });

  test('a frame that is not JSON', async () => {
    visitor.sendRaw('this is not json');
    await expectError(visitor, 'BAD_REQUEST', /not valid JSON/);
  });

  test('a binary frame', async () => {
    visitor.sendRaw(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    await expectError(visitor, 'BAD_REQUEST', /JSON|binary/);
  });

  test('an unknown action and a missing action', async () => {
    visitor.send({ action: 'launchRockets' });
    await expectError(visitor, 'BAD_REQUEST', /unknown action "launchRockets"/);
    visitor.send({ hello: 'world' });
    await expectError(visitor, 'BAD_REQUEST', /action is required/);
  });

  test('InitChat without sellerId or userInfo', async () => {
    visitor.send({ action: 'InitChat', userInfo: {} });
    await expectError(visitor, 'BAD_REQUEST', /^sellerId is required$/);
    visitor.send({ action: 'InitChat', sellerId });
    await expectError(visitor, 'BAD_REQUEST', /^userInfo is required$/);
  });

  test('sendMessage with a wrong type, no text, or no recipient echoes the clientMessageId', async () => {
    visitor.send({ action: 'sendMessage', to: sellerId, message: { nested: true }, clientMessageId: 'bad-1' });
    const frame = await expectError(visitor, 'BAD_REQUEST', /^message: /);
    expect(frame.clientMessageId).toBe('bad-1');
    visitor.send({ action: 'sendMessage', to: sellerId });
    await expectError(visitor, 'BAD_REQUEST', /^message is required$/);
    visitor.send({ action: 'sendMessage', message: 'to nobody' });
    await expectError(visitor, 'BAD_REQUEST', /to or contact_id is required/);
  });

  test('a message over 4,000 characters is PAYLOAD_TOO_LARGE and nothing is stored', async () => {
    visitor.send({ action: 'InitChat', sellerId, userInfo: { name: 'Big' } });
    const ack = await visitor.next((f) => f.action === 'InitChat');
    visitor.send({ action: 'sendMessage', to: sellerId, message: 'x'.repeat(4001) });
    await expectError(visitor, 'PAYLOAD_TOO_LARGE', /4001 characters; the limit is 4000/);
    // the socket still works and the next message gets seq 1: the refused one took nothing
    visitor.send({ action: 'sendMessage', to: sellerId, message: 'x'.repeat(4000), clientMessageId: 'longest' });
    const accepted = await visitor.next((f) => f.action === 'messageAck');
    expect(accepted).toMatchObject({ contact_id: ack.contact_id, seq: 1, delivered: true });
  });

  test('userInfo over 4 KB is PAYLOAD_TOO_LARGE and opens no chat', async () => {
    visitor.send({ action: 'InitChat', sellerId: uniqueId('seller'), userInfo: { note: 'n'.repeat(5000) } });
    await expectError(visitor, 'PAYLOAD_TOO_LARGE', /userInfo is \d+ bytes; the limit is 4096/);
  });

  test('a frame over 32 KB is PAYLOAD_TOO_LARGE', async () => {
    visitor.send({ action: 'sendMessage', to: sellerId, message: 'y', padding: 'z'.repeat(33 * 1024) });
    await expectError(visitor, 'PAYLOAD_TOO_LARGE', /frame is \d+ bytes/);
  });

  test('a visitor writing before InitChat is told to start a chat', async () => {
    const stranger = await connectVisitor(uniqueId('device'));
    stranger.send({ action: 'sendMessage', to: uniqueId('seller'), message: 'hi' });
    await expectError(stranger, 'FORBIDDEN', /send InitChat first/);
    await stranger.close();
  });
});
