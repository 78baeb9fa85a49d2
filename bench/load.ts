/** The load: open visitors and sellers, start one chat per visitor, then exchange messages; every wait is bounded. */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BenchSocket, pool, type Target } from './clients';

export interface Chat {
  visitor: BenchSocket;
  seller: BenchSocket;
  deviceId: string;
  sellerId: string;
}

export interface Population {
  chats: Chat[];
  sockets: BenchSocket[];
  /** ms from opening to being usable (for ours: the `connected` frame) */
  connectMs: number[];
  failedConnects: number;
}

export interface LoadLimits {
  /** how long a single wait (connect, ack, delivery) may take before it counts as lost */
  waitMs: number;
  /** performance.now() after which no new work starts */
  deadline: number;
}

/** `sellers` sellers and `visitors` visitors; visitor i chats with seller i % sellers. Sellers connect first so chats get assigned. */
export async function populate(
  target: Target,
  counts: { visitors: number; sellers: number },
  concurrency: number,
  limits: LoadLimits,
): Promise<Population> {
  const run = randomBytes(3).toString('hex');
  const sellerIds = Array.from({ length: counts.sellers }, (_, i) => `bench-${run}-s${i}`);
  const deviceIds = Array.from({ length: counts.visitors }, (_, i) => `bench-${run}-v${i}`);
  const population: Population = { chats: [], sockets: [], connectMs: [], failedConnects: 0 };
  const open = async (url: string): Promise<BenchSocket | undefined> => {
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
  };
  const sellers = new Map<string, BenchSocket>();
  await pool(sellerIds, concurrency, limits.deadline, async (sellerId) => {
    const socket = await open(target.sellerUrl(sellerId));
    if (socket) sellers.set(sellerId, socket);
  });
  await pool(deviceIds, concurrency, limits.deadline, async (deviceId, i) => {
    const sellerId = sellerIds[i % sellerIds.length] as string;
    const seller = sellers.get(sellerId);
    const visitor = await open(target.visitorUrl(deviceId));
    if (visitor && seller) population.chats.push({ visitor, seller, deviceId, sellerId });
  });
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

/**
 * `perChat` messages in every chat, alternating visitor -> seller and seller -> visitor, each sent once the
 * previous one arrived (closed loop); at most `concurrency` chats active at a time.
 */
export async function exchange(chats: Chat[], perChat: number, concurrency: number, limits: LoadLimits): Promise<Exchange> {
  const result: Exchange = { visitorToSellerMs: [], sellerToVisitorMs: [], delivered: 0, lost: 0, elapsedMs: 0 };
  const tag = randomBytes(3).toString('hex');
  const started = performance.now();
  let lastDelivery = started;
  await pool(chats, concurrency, limits.deadline, async (chat, chatIndex) => {
    for (let n = 0; n < perChat && performance.now() < limits.deadline; n++) {
      const fromVisitor = n % 2 === 0;
      const text = `bench:${tag}:${chatIndex}:${n}`;
      const [sender, receiver, to, from] = fromVisitor
        ? [chat.visitor, chat.seller, chat.sellerId, chat.deviceId]
        : [chat.seller, chat.visitor, chat.deviceId, chat.sellerId];
      const sentAt = sender.send({ action: 'sendMessage', type: 'message', from, to, message: text, clientMessageId: text });
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
  // closing is cleanup: it must finish even past the load deadline
  await pool(population.sockets, concurrency, Number.POSITIVE_INFINITY, (socket) => socket.close());
}

export function framesReceived(population: Population): number {
  return population.sockets.reduce((sum, socket) => sum + socket.frames, 0);
}

export function errorFrames(population: Population): unknown[] {
  return population.sockets.flatMap((socket) => socket.errors).slice(0, 5);
}
