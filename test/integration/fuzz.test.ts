/**
 * Thousands of random and malformed frames from one public socket: each gets exactly one answer,
 * nothing bogus is stored, and a normal chat still works afterwards.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { asFrame, connectSeller, connectVisitor, dynamo, tableName, uniqueId, type ChatSocket } from '../support/chat-client';

/** A small seeded generator, so a failing run can be replayed with the same FUZZ_SEED. */
function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick };
}

const ODD_STRINGS = ['', ' ', '\u0000', '\ud800', '😀'.repeat(50), 'ｓｅｌｌｅｒ', '<script>alert(1)</script>', "'; DROP TABLE x; --", '\u202e', 'a#b', '../..'];

function randomValue(rand: ReturnType<typeof generator>, depth = 0): unknown {
  switch (rand.int(depth > 3 ? 5 : 8)) {
    case 0: return rand.pick(ODD_STRINGS);
    case 1: return rand.int(1e9) - 5e8;
    case 2: return rand.pick([true, false, null, 1.5e308, -0]);
    case 3: return 'x'.repeat(rand.int(5000));
    case 4: return rand.pick(['InitChat', 'sendMessage', 'message', 'seller', 'visitor']);
    case 5: return Array.from({ length: rand.int(4) }, () => randomValue(rand, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = rand.int(5); i > 0; i--) object[rand.pick(['action', 'to', 'from', 'message', 'sellerId', 'userInfo', 'contact_id', 'clientMessageId', '__proto__', 'constructor'])] = randomValue(rand, depth + 1);
      return object;
    }
  }
}

function deepObject(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
}

/** One fuzz frame: raw text or bytes, and whether its action could ever be accepted. */
function fuzzFrame(rand: ReturnType<typeof generator>, sellerId: string): string | Buffer {
  switch (rand.int(9)) {
    case 0: return Buffer.from(Array.from({ length: 1 + rand.int(64) }, () => rand.int(256)));
    case 1: return '{' + rand.pick(ODD_STRINGS) + '"action":';
    case 2: return JSON.stringify(randomValue(rand));
    case 3: return JSON.stringify({ action: 'InitChat', sellerId: randomValue(rand), userInfo: randomValue(rand) });
    case 4: return JSON.stringify({ action: 'InitChat', sellerId, userInfo: deepObject(50 + rand.int(200)) });
    case 5: return JSON.stringify({ action: 'sendMessage', to: randomValue(rand), message: randomValue(rand), contact_id: randomValue(rand) });
    case 6: return JSON.stringify({ action: 'sendMessage', to: sellerId, message: rand.pick([null, 42, {}, [], '', 'x'.repeat(4001 + rand.int(3000))]) });
    case 7: return JSON.stringify({ action: rand.pick(ODD_STRINGS), payload: randomValue(rand) });
    default: return JSON.stringify({ action: 'sendMessage', to: sellerId, contact_id: uniqueId('not-a-chat'), message: 'probe' });
  }
}

/**
 * A sendMessage is answered only when it carries a clientMessageId (an error is always answered):
 * one is added where the frame has none, so that every frame, accepted or not, gets one answer.
 */
function askingForAnAck(frame: string | Buffer, index: number): string | Buffer {
  if (typeof frame !== 'string') return frame;
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return frame;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return frame;
  const object = value as Record<string, unknown>;
  if (object.action !== 'sendMessage' || 'clientMessageId' in object) return frame;
  return JSON.stringify({ ...object, clientMessageId: `fuzz-${index}` });
}

describe('fuzzing the public socket', () => {
  const FRAMES = Number(process.env.FUZZ_FRAMES ?? 2000);
  const BATCH = 25;
  // in the test name, so a failing run can be replayed with FUZZ_SEED
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
  let seller: ChatSocket;
  let sellerId: string;

  beforeAll(async () => {
    sellerId = uniqueId('seller');
    seller = await connectSeller(sellerId);
  });
  afterAll(() => seller.close());

  test(`${FRAMES} random frames (FUZZ_SEED=${seed}) each get one answer and store nothing`, async () => {
    const rand = generator(seed);
    const deviceId = uniqueId('fuzzer');
    const fuzzer = await connectVisitor(deviceId);
    await fuzzer.next('connected');

    let answered = 0;
    for (let sent = 0; sent < FRAMES; sent += BATCH) {
      const batch = Math.min(BATCH, FRAMES - sent);
      for (let i = 0; i < batch; i++) fuzzer.sendRaw(askingForAnAck(fuzzFrame(rand, sellerId), sent + i));
      // every frame is answered once (an error, an InitChat ack or a messageAck) before the next batch
      for (let i = 0; i < batch; i++) {
        const answer = await fuzzer.next((f) => typeof f.action === 'string' && ['error', 'InitChat', 'messageAck'].includes(f.action), 20_000);
        if (answer.action === 'error') expect(asFrame(answer, 'error').error.code).not.toBe('INTERNAL');
        answered++;
      }
    }
    expect(answered).toBe(FRAMES);
    expect(fuzzer.frames.filter((f) => f.unparsed !== undefined)).toEqual([]);

    // nothing bogus was stored: the only chat the fuzzer may hold is with the real seller, and only valid messages
    const chats = await dynamo().send(
      new QueryCommand({
        TableName: tableName('chats'),
        IndexName: 'byVisitor',
        KeyConditionExpression: 'visitorId = :v',
        ExpressionAttributeValues: { ':v': deviceId },
      }),
    );
    for (const chat of chats.Items ?? []) {
      const stored = await dynamo().send(
        new QueryCommand({ TableName: tableName('messages'), KeyConditionExpression: 'contactId = :c', ExpressionAttributeValues: { ':c': chat.contactId } }),
      );
      for (const message of stored.Items ?? []) {
        expect(typeof message.text).toBe('string');
        expect(message.text.length).toBeGreaterThan(0);
        expect(message.text.length).toBeLessThanOrEqual(4000);
        expect(message.senderId).toBe(deviceId);
      }
    }

    // and the server still serves a normal chat, on the same socket and on a new one
    const visitor = await connectVisitor(uniqueId('device'));
    visitor.send({ action: 'InitChat', sellerId, userInfo: { name: 'After the storm' } });
    const ack = await visitor.next('InitChat');
    visitor.send({ action: 'sendMessage', to: sellerId, message: 'still there?' });
    expect(await seller.next((f) => f.action === 'sendMessage' && f.message === 'still there?')).toMatchObject({ contact_id: ack.contact_id });
    await Promise.all([visitor.close(), fuzzer.close()]);
  }, 300_000);
});
