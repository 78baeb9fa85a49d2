/** The load: open visitors and sellers, start one chat per visitor, then exchange messages; every wait is bounded. */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BenchSocket, pool, type FrameStyle, type Target } from './clients';

export interface Chat {
  visitor: BenchSocket;
  seller: BenchSocket;
  deviceId: string;
  sellerId: string;
  /** from the InitChat ack */
  contactId?: string;
}

export interface Population {
  chats: Chat[];
  sockets: BenchSocket[];
  /** the same sockets by role */
  sellerSockets: BenchSocket[];
  visitorSockets: BenchSocket[];
  /** ms from opening to being usable (for ours: the `connected` frame) */
  connectMs: number[];
  failedConnects: number;
  sellerIds: string[];
  deviceIds: string[];
  sellersById: Map<string, BenchSocket>;
}

export interface LoadLimits {
  /** how long a single wait (connect, ack, delivery) may take before it counts as lost */
  waitMs: number;
  /** performance.now() after which no new work starts */
  deadline: number;
}

/** `sellers` sellers and `visitors` visitors, none connected yet; visitor i will chat with seller i % sellers. */
export function plan(counts: { visitors: number; sellers: number }): Population {
  const run = randomBytes(3).toString('hex');
  return {
    chats: [],
    sockets: [],
    sellerSockets: [],
    visitorSockets: [],
    connectMs: [],
    failedConnects: 0,
    sellerIds: Array.from({ length: counts.sellers }, (_, i) => `bench-${run}-s${i}`),
    deviceIds: Array.from({ length: counts.visitors }, (_, i) => `bench-${run}-v${i}`),
    sellersById: new Map(),
  };
}

async function open(population: Population, target: Target, url: string, limits: LoadLimits): Promise<BenchSocket | undefined> {
  const started = performance.now();
  try {
    const socket = await BenchSocket.open(url, target.greets, limits.waitMs);
    population.connectMs.push(performance.now() - started);
    population.sockets.push(socket);
    return socket;
  } catch {
    population.failedConnects++;
    return undefined;
  }
}

/** Connects the planned sellers (first, so that the visitors' chats get assigned). */
export async function connectSellers(target: Target, population: Population, concurrency: number, limits: LoadLimits): Promise<void> {
  await pool(population.sellerIds, concurrency, limits.deadline, async (sellerId) => {
    const socket = await open(population, target, target.sellerUrl(sellerId), limits);
    if (!socket) return;
    population.sellersById.set(sellerId, socket);
    population.sellerSockets.push(socket);
  });
}

/** Connects the planned visitors; each one with a connected seller makes a chat. */
export async function connectVisitors(target: Target, population: Population, concurrency: number, limits: LoadLimits): Promise<void> {
  await pool(population.deviceIds, concurrency, limits.deadline, async (deviceId, i) => {
    const sellerId = population.sellerIds[i % population.sellerIds.length] as string;
    const seller = population.sellersById.get(sellerId);
    const visitor = await open(population, target, target.visitorUrl(deviceId), limits);
    if (!visitor) return;
    population.visitorSockets.push(visitor);
    if (seller) population.chats.push({ visitor, seller, deviceId, sellerId });
  });
}

/** `sellers` sellers and `visitors` visitors; visitor i chats with seller i % sellers. Sellers connect first so chats get assigned. */
export async function populate(target: Target, counts: { visitors: number; sellers: number }, concurrency: number, limits: LoadLimits): Promise<Population> {
  const population = plan(counts);
  await connectSellers(target, population, concurrency, limits);
  await connectVisitors(target, population, concurrency, limits);
  return population;
}

/** InitChat from every visitor; returns the InitChat -> ack times and drops the chats that got no ack. */
export async function initChats(population: Population, concurrency: number, limits: LoadLimits): Promise<{ ackMs: number[]; failed: number }> {
  const ackMs: number[] = [];
  const acked: Chat[] = [];
  let failed = 0;
  await pool(population.chats, concurrency, limits.deadline, async (chat) => {
    const sentAt = chat.visitor.send({ action: 'InitChat', sellerId: chat.sellerId, userInfo: { name: 'Bench', email: 'bench@example.com' } });
    try {
      ackMs.push((await chat.visitor.arrival('InitChat', limits.waitMs)) - sentAt);
      const contactId = chat.visitor.initChatAck?.contact_id;
      if (typeof contactId === 'string') chat.contactId = contactId;
      acked.push(chat);
    } catch {
      failed++;
    }
  });
  population.chats = acked;
  return { ackMs, failed };
}

export interface Exchange {
  /** send -> receive, visitor to seller and seller to visitor */
  visitorToSellerMs: number[];
  sellerToVisitorMs: number[];
  delivered: number;
  lost: number;
  /** first send to last delivery, ms */
  elapsedMs: number;
}

export { FRAME_STYLES, type FrameStyle } from './clients';

export function messageFrameOf(style: FrameStyle, chat: Chat, fromVisitor: boolean, text: string): Record<string, unknown> {
  const [to, from] = fromVisitor ? [chat.sellerId, chat.deviceId] : [chat.deviceId, chat.sellerId];
  switch (style) {
    case 'to':
      return { action: 'sendMessage', type: 'message', from, to, message: text };
    case 'contact_id+clientMessageId':
      return { action: 'sendMessage', type: 'message', contact_id: chat.contactId, message: text, clientMessageId: text };
    default:
      return { action: 'sendMessage', type: 'message', from, to, message: text, clientMessageId: text };
  }
}

/**
 * Every exchange's texts carry a tag of their own, a count within this process: a random tag alone repeats
 * among the thousands of one-message rounds of a throughput level (3 bytes: about 2% per 800 rounds), and a
 * repeated text (and clientMessageId) would be a retry to the server and a duplicate to the order check.
 */
let exchanges = 0;
const exchangeTag = () => `${process.pid.toString(36)}x${(exchanges++).toString(36)}`;

/** Who sends: turns (visitor first), or one side only (to count each direction's requests apart). */
export type Direction = 'alternate' | 'visitorToSeller' | 'sellerToVisitor';

/**
 * `perChat` messages in every chat, alternating visitor -> seller and seller -> visitor, each sent once the
 * previous one arrived (closed loop); at most `concurrency` chats active at a time.
 */
export async function exchange(
  chats: Chat[],
  perChat: number,
  concurrency: number,
  limits: LoadLimits,
  style: FrameStyle = 'to+clientMessageId',
  direction: Direction = 'alternate',
): Promise<Exchange> {
  const result: Exchange = { visitorToSellerMs: [], sellerToVisitorMs: [], delivered: 0, lost: 0, elapsedMs: 0 };
  const tag = exchangeTag();
  const started = performance.now();
  let lastDelivery = started;
  await pool(chats, concurrency, limits.deadline, async (chat, chatIndex) => {
    for (let n = 0; n < perChat && performance.now() < limits.deadline; n++) {
      const fromVisitor = direction === 'alternate' ? n % 2 === 0 : direction === 'visitorToSeller';
      const text = `bench:${tag}:${chatIndex}:${n}`;
      const [sender, receiver] = fromVisitor ? [chat.visitor, chat.seller] : [chat.seller, chat.visitor];
      const sentAt = sender.send(messageFrameOf(style, chat, fromVisitor, text));
      try {
        const at = await receiver.arrival(text, limits.waitMs);
        (fromVisitor ? result.visitorToSellerMs : result.sellerToVisitorMs).push(at - sentAt);
        result.delivered++;
        lastDelivery = Math.max(lastDelivery, at);
      } catch {
        result.lost++;
      }
    }
  });
  result.elapsedMs = lastDelivery - started;
  return result;
}

export async function closeAll(population: Population, concurrency: number): Promise<void> {
  await closeSockets(population.sockets, concurrency);
}

export async function closeSockets(sockets: readonly BenchSocket[], concurrency: number): Promise<void> {
  // closing is cleanup: it must finish even past the load deadline
  await pool(sockets, concurrency, Number.POSITIVE_INFINITY, (socket) => socket.close());
}

/** A keep-alive `ping` from every socket, each waiting for its `pong`; returns how many were answered. */
export async function pingAll(sockets: readonly BenchSocket[], concurrency: number, limits: LoadLimits): Promise<{ answered: number; failed: number }> {
  let answered = 0;
  let failed = 0;
  await pool(sockets, concurrency, limits.deadline, async (socket) => {
    socket.send({ action: 'ping' });
    try {
      await socket.arrival('pong', limits.waitMs);
      answered++;
    } catch {
      failed++;
    }
  });
  return { answered, failed };
}

/** Chat messages received twice on one socket, and received after a later one of their chat, over `sockets`. */
export function orderFaults(sockets: readonly BenchSocket[]): { duplicates: number; outOfOrder: number } {
  return sockets.reduce((sum, socket) => ({ duplicates: sum.duplicates + socket.order.duplicates, outOfOrder: sum.outOfOrder + socket.order.outOfOrder }), {
    duplicates: 0,
    outOfOrder: 0,
  });
}

export function framesReceived(population: Population): number {
  return population.sockets.reduce((sum, socket) => sum + socket.frames, 0);
}

export function errorFrames(population: Population): unknown[] {
  return population.sockets.flatMap((socket) => socket.errors).slice(0, 5);
}
