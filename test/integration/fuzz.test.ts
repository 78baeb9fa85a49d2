/**
 * Thousands of random and malformed frames from one public socket, valid messages into the
 * fuzzer's own chat among them: each frame gets exactly one answer of a kind it may get (matched to
 * it by its clientMessageId where the answer carries one), the valid messages are acked and stored
 * as sent, nothing bogus is stored, and a normal chat still works afterwards.
 */
import { looksEmpty } from '../../lib/protocol/text';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { asFrame, connectSeller, connectVisitor, dynamo, tableName, uniqueId, type ChatSocket, type Frame } from '../support/chat-client';

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

// zero-width and bidi characters among them: a message of only those shows nothing and is refused
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '😀'.repeat(50),
  'ｓｅｌｌｅｒ',
  '<script>alert(1)</script>',
  "'; DROP TABLE x; --",
  '\u202e',
  'a\u202eb',
  '\u200b\u200d\u2060',
  'x\u200by',
  'a#b',
  '../..',
];

function randomValue(rand: ReturnType<typeof generator>, depth = 0): unknown {
  switch (rand.int(depth > 3 ? 5 : 8)) {
    case 0:
      return rand.pick(ODD_STRINGS);
    case 1:
      return rand.int(1e9) - 5e8;
    case 2:
      return rand.pick([true, false, null, 1.5e308, -0]);
    case 3:
      return 'x'.repeat(rand.int(5000));
    case 4:
      return rand.pick(['InitChat', 'sendMessage', 'message', 'seller', 'visitor']);
    case 5:
      return Array.from({ length: rand.int(4) }, () => randomValue(rand, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = rand.int(5); i > 0; i--)
        object[rand.pick(['action', 'to', 'from', 'message', 'sellerId', 'userInfo', 'contact_id', 'clientMessageId', '__proto__', 'constructor'])] = randomValue(rand, depth + 1);
      return object;
    }
  }
}

function deepObject(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
}

/** Texts a chat message may have: the odd ones (but the empty one), and long ones up to the limit. */
function validText(rand: ReturnType<typeof generator>): string {
  return rand.next() < 0.5 ? rand.pick(ODD_STRINGS.filter((text) => !looksEmpty(text))) : 'x'.repeat(1 + rand.int(4000));
}

/** An InitChat whose userInfo nests `levels` arrays: 2 bytes a level. */
function deepArrays(sellerId: string, levels: number): string {
  return `{"action":"InitChat","sellerId":${JSON.stringify(sellerId)},"userInfo":{"nest":${'['.repeat(levels)}${']'.repeat(levels)}}}`;
}

/** One fuzz frame: raw text or bytes. One kind in ten is a valid message into the fuzzer's own chat. */
function fuzzFrame(rand: ReturnType<typeof generator>, sellerId: string, contactId: string): string | Buffer {
  switch (rand.int(10)) {
    case 0:
      return Buffer.from(Array.from({ length: 1 + rand.int(64) }, () => rand.int(256)));
    case 1:
      return '{' + rand.pick(ODD_STRINGS) + '"action":';
    case 2:
      return JSON.stringify(randomValue(rand));
    case 3:
      return JSON.stringify({ action: 'InitChat', sellerId: randomValue(rand), userInfo: randomValue(rand) });
    case 4:
      // deep nesting, as objects or as thousands of arrays (which once overflowed the size check's stack)
      if (rand.next() < 0.5) return JSON.stringify({ action: 'InitChat', sellerId, userInfo: deepObject(50 + rand.int(200)) });
      return deepArrays(sellerId, 1000 + rand.int(4000));
    case 5:
      return JSON.stringify({ action: 'sendMessage', to: randomValue(rand), message: randomValue(rand), contact_id: randomValue(rand) });
    case 6:
      return JSON.stringify({ action: 'sendMessage', to: sellerId, message: rand.pick([null, 42, {}, [], '', 'x'.repeat(4001 + rand.int(3000))]) });
    case 7:
      return JSON.stringify({ action: rand.pick(ODD_STRINGS), payload: randomValue(rand) });
    case 8:
      return JSON.stringify({ action: 'sendMessage', contact_id: contactId, message: validText(rand) });
    default:
      return JSON.stringify({ action: 'sendMessage', to: sellerId, contact_id: uniqueId('not-a-chat'), message: 'probe' });
  }
}

type AnswerKind = 'error' | 'InitChat' | 'messageAck';
const ANSWER_KINDS: readonly string[] = ['error', 'InitChat', 'messageAck'];
const isAnswer = (frame: Frame) => typeof frame.action === 'string' && ANSWER_KINDS.includes(frame.action);

/** A frame as sent: what may answer it, and the clientMessageId the fuzzer gave it (its answer carries it back). */
interface Sent {
  data: string | Buffer;
  /** an error answers any frame; an InitChat frame may also get its ack, a sendMessage its messageAck */
  kinds: AnswerKind[];
  id?: string;
  /** the text of a sendMessage into the fuzzer's own chat: it must be acked, or refused as RATE_LIMITED */
  validText?: string;
}

/**
 * What the server owes a frame. Every JSON object frame without a clientMessageId of its own gets
 * ours (`fuzz-<index>`): a sendMessage is answered only when it carries one, and every answer but
 * an InitChat ack carries it back, so those answers are matched to their frame by it.
 */
function tagged(frame: string | Buffer, index: number, contactId: string): Sent {
  if (typeof frame !== 'string') return { data: frame, kinds: ['error'] };
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return { data: frame, kinds: ['error'] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { data: frame, kinds: ['error'] };
  const object = value as Record<string, unknown>;
  const kinds: AnswerKind[] = object.action === 'InitChat' ? ['InitChat', 'error'] : object.action === 'sendMessage' ? ['messageAck', 'error'] : ['error'];
  const ours = object.action === 'sendMessage' && object.contact_id === contactId && object.to === undefined ? { validText: object.message as string } : {};
  if ('clientMessageId' in object) return { data: frame, kinds, ...ours };
  const id = `fuzz-${index}`;
  // spliced in as text: the frame may nest deeper than JSON.stringify's stack reaches
  const rest = Object.keys(object).length ? `,${frame.trimStart().slice(1)}` : '}';
  return { data: `{"clientMessageId":${JSON.stringify(id)}${rest}`, kinds, id, ...ours };
}

/**
 * Matches a batch's answers to its frames: an answer carrying one of the batch's ids answers that
 * frame, once, with a kind the frame may get; the rest (no id, or a frame's own) must fit the frames
 * left, each kind only where a frame may get it. A frame we gave an id can be left only by an InitChat
 * ack (the one answer that carries no id). Returns each frame's answer where it is known.
 */
function matchBatch(sent: Sent[], answers: Frame[]): (Frame | undefined)[] {
  const answerOf: (Frame | undefined)[] = sent.map(() => undefined);
  const problems: string[] = [];
  const pool: Frame[] = [];
  const show = (frame: Sent) => frame.data.toString().slice(0, 160);
  const kindOf = (answer: Frame) => (answer.action === 'error' ? `error ${asFrame(answer, 'error').error.code}` : String(answer.action));
  for (const answer of answers) {
    const index = sent.findIndex((frame, i) => frame.id !== undefined && frame.id === answer.clientMessageId && answerOf[i] === undefined);
    const frame = sent[index];
    if (!frame) {
      pool.push(answer);
      continue;
    }
    if (!frame.kinds.includes(answer.action as AnswerKind)) problems.push(`${show(frame)} got ${kindOf(answer)}`);
    answerOf[index] = answer;
  }
  const left = sent.filter((_, i) => answerOf[i] === undefined);
  const count = (kind: AnswerKind) => pool.filter((answer) => answer.action === kind).length;
  const may = (kind: AnswerKind, frames: Sent[]) => frames.filter((frame) => frame.kinds.includes(kind)).length;
  // a frame with our id whose answer did not carry it: only an InitChat ack may do that
  const leftWithId = left.filter((frame) => frame.id !== undefined);
  const leftWithout = left.filter((frame) => frame.id === undefined);
  for (const frame of leftWithId) if (!frame.kinds.includes('InitChat')) problems.push(`${show(frame)} got no answer carrying its clientMessageId`);
  if (pool.length !== left.length) problems.push(`${pool.length} answers without a known id for ${left.length} frames`);
  const extraAcks = count('InitChat') - leftWithId.length;
  if (extraAcks < 0 || extraAcks > may('InitChat', leftWithout))
    problems.push(`${count('InitChat')} InitChat acks without an id for ${leftWithId.length} + up to ${may('InitChat', leftWithout)} InitChat frames`);
  if (count('messageAck') > may('messageAck', leftWithout))
    problems.push(`${count('messageAck')} messageAcks without a known id for ${may('messageAck', leftWithout)} sendMessage frames`);
  expect({ problems, answers: pool.map(kindOf), frames: left.map(show) }).toMatchObject({ problems: [] });
  return answerOf;
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

  test(`${FRAMES} random frames (FUZZ_SEED=${seed}) each get one answer of a kind they may get, and store nothing bogus`, async () => {
    const rand = generator(seed);
    const deviceId = uniqueId('fuzzer');
    const fuzzer = await connectVisitor(deviceId);
    await fuzzer.next('connected');
    // the fuzzer's own chat with the real seller: valid messages go into it among the random frames
    fuzzer.send({ action: 'InitChat', sellerId, userInfo: { name: 'Fuzzer' } });
    const own = await fuzzer.next('InitChat');
    expect(own).toMatchObject({ status: 'assigned', sellerId });
    const answersBefore = fuzzer.frames.filter(isAnswer).length;

    const tally: Record<AnswerKind, number> = { error: 0, InitChat: 0, messageAck: 0 };
    const acked = new Map<number, string>(); // seq → text of each valid message acked
    let valid = 0;
    let mayOnlyBeRefused = 0;
    const mayGet = { InitChat: 0, messageAck: 0 };
    for (let sent = 0; sent < FRAMES; sent += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, FRAMES - sent) }, (_, i) => tagged(fuzzFrame(rand, sellerId, own.contact_id), sent + i, own.contact_id));
      for (const frame of batch) {
        fuzzer.sendRaw(frame.data);
        if (frame.kinds.length === 1) mayOnlyBeRefused++;
        if (frame.kinds.includes('InitChat')) mayGet.InitChat++;
        if (frame.kinds.includes('messageAck')) mayGet.messageAck++;
      }
      // every frame is answered once (an error, an InitChat ack or a messageAck) before the next batch
      const answers: Frame[] = [];
      for (let i = 0; i < batch.length; i++) answers.push(await fuzzer.next(isAnswer, 20_000));
      const answerOf = matchBatch(batch, answers);
      for (const answer of answers) tally[answer.action as AnswerKind]++;
      // no frame breaks the server: the frame behind an INTERNAL is shown where its answer names it
      const broken = answers.filter((answer) => answer.action === 'error' && asFrame(answer, 'error').error.code === 'INTERNAL');
      expect(broken.map((answer) => ({ requestId: answer.requestId, frame: batch[answerOf.indexOf(answer)]?.data.toString().slice(0, 1000) }))).toEqual([]);
      batch.forEach((frame, i) => {
        if (frame.validText === undefined) return;
        valid++;
        const answer = answerOf[i] as Frame; // it carries our id: it was matched
        if (answer.action === 'error') {
          expect(asFrame(answer, 'error').error.code).toBe('RATE_LIMITED');
          return;
        }
        expect(answer).toMatchObject({ action: 'messageAck', contact_id: own.contact_id, duplicate: false });
        acked.set(asFrame(answer, 'messageAck').seq, frame.validText);
      });
    }
    // one answer per frame, no more: a second answer to any frame would be counted here (a route's
    // pushes are on the socket before its answer, and every frame has been answered by now)
    expect(fuzzer.frames.filter(isAnswer).length - answersBefore).toBe(FRAMES);
    // counted per kind: every frame that may only be refused was, and no kind came more often than frames that may get it
    expect(tally.error).toBeGreaterThanOrEqual(mayOnlyBeRefused);
    expect(tally.InitChat).toBeLessThanOrEqual(mayGet.InitChat);
    expect(tally.messageAck).toBeLessThanOrEqual(mayGet.messageAck);
    // the valid messages got through (the first of a rate window always does), so acks were seen
    expect(valid).toBeGreaterThan(0);
    expect(acked.size).toBeGreaterThan(0);
    expect(tally.messageAck).toBeGreaterThanOrEqual(acked.size);
    expect(fuzzer.frames.filter((f) => f.unparsed !== undefined)).toEqual([]);

    // nothing bogus was stored: the fuzzer's chats (its own, and any a random InitChat opened) hold only valid messages
    const chats = await dynamo().send(
      new QueryCommand({
        TableName: tableName('chats'),
        IndexName: 'byVisitor',
        KeyConditionExpression: 'visitorId = :v',
        ExpressionAttributeValues: { ':v': deviceId },
      }),
    );
    const contactIds = (chats.Items ?? []).map((chat) => chat.contactId as string);
    expect(contactIds).toContain(own.contact_id);
    for (const contactId of contactIds) {
      const stored = await dynamo().send(
        new QueryCommand({ TableName: tableName('messages'), KeyConditionExpression: 'contactId = :c', ExpressionAttributeValues: { ':c': contactId } }),
      );
      for (const message of stored.Items ?? []) {
        expect(typeof message.text).toBe('string');
        expect(message.text.length).toBeGreaterThan(0);
        expect(message.text.length).toBeLessThanOrEqual(4000);
        expect(message.senderId).toBe(deviceId);
      }
      // the fuzzer's own chat holds exactly the messages that were acked, each with its text
      if (contactId === own.contact_id) {
        expect(new Map((stored.Items ?? []).map((message) => [message.seq as number, message.text as string]))).toEqual(acked);
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
