/** Load-generator WebSocket clients: they only timestamp the frames the benchmark waits for, and count the rest. */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/** One system under test, as the load generator sees it. */
export interface Target {
  name: string;
  visitorUrl(deviceId: string): string;
  sellerUrl(sellerId: string): string;
  /** ours pushes `{"action":"connected"}` to every new connection; the baseline pushes nothing */
  greets: boolean;
  /** the ways of naming a chat in a message frame the system understands; the first one is the latency run's */
  frameStyles: readonly FrameStyle[];
  /** whether it answers the pages' keep-alive `ping` (ours: `pong`; the baseline has no such route) */
  pings: boolean;
}

/**
 * How a chat message names its chat:
 * - `to+clientMessageId`: `to` and a clientMessageId (a retry-safe client; the server acks it);
 * - `to`: the seed widget's frame, `to` only and no clientMessageId (it needs no ack);
 * - `contact_id+clientMessageId`: our widget's and dashboard's frame.
 */
export const FRAME_STYLES = ['to+clientMessageId', 'to', 'contact_id+clientMessageId'] as const;
export type FrameStyle = (typeof FRAME_STYLES)[number];

type Frame = Record<string, unknown>;

/** The key a frame is waited for by: a chat message by its (unique) text, anything else by its action. */
function keyOf(frame: Frame): string | undefined {
  if (frame.action === 'sendMessage' && typeof frame.message === 'string') return frame.message;
  if (frame.action === 'InitChat' || frame.action === 'connected' || frame.action === 'error' || frame.action === 'pong') return String(frame.action);
  return undefined;
}

/** The benchmark's message texts are `bench:<run tag>:<chat>:<n>`: n counts up within a chat. */
export function benchTextOrder(text: string): { stream: string; n: number } | undefined {
  const match = /^bench:([^:]+):(\d+):(\d+)$/.exec(text);
  return match ? { stream: `${match[1]}:${match[2]}`, n: Number(match[3]) } : undefined;
}

/**
 * Per socket: a chat message received twice is a duplicate; one whose place in its chat (its text's n,
 * or the server's seq within its contact_id) is below one received before it is out of order.
 */
export class OrderCheck {
  duplicates = 0;
  outOfOrder = 0;
  private readonly seen = new Set<string>();
  private readonly lastN = new Map<string, number>();
  private readonly lastSeq = new Map<string, number>();

  observe(frame: Frame): void {
    if (frame.action !== 'sendMessage' || typeof frame.message !== 'string') return;
    const text = frame.message;
    if (this.seen.has(text)) {
      this.duplicates++;
      return;
    }
    this.seen.add(text);
    let late = false;
    const place = benchTextOrder(text);
    if (place) {
      const last = this.lastN.get(place.stream);
      if (last !== undefined && place.n < last) late = true;
      else this.lastN.set(place.stream, place.n);
    }
    if (typeof frame.seq === 'number' && typeof frame.contact_id === 'string') {
      const last = this.lastSeq.get(frame.contact_id);
      if (last !== undefined && frame.seq < last) late = true;
      else this.lastSeq.set(frame.contact_id, frame.seq);
    }
    if (late) this.outOfOrder++;
  }
}

export class BenchSocket {
  /** every frame received, whatever it is: each one is an API Gateway message on AWS */
  frames = 0;
  /** frames received by action (messageAck, sendMessage, pong…) */
  byAction: Record<string, number> = {};
  errors: Frame[] = [];
  readonly order = new OrderCheck();
  /** the last InitChat ack (ours and the baseline both answer with a contact_id) */
  initChatAck: Frame | undefined;
  private early = new Map<string, number>();
  private waiting = new Map<string, (at: number) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const at = performance.now();
      this.frames++;
      let frame: Frame;
      try {
        frame = JSON.parse(data.toString()) as Frame;
      } catch {
        return;
      }
      const action = String(frame.action ?? 'none');
      this.byAction[action] = (this.byAction[action] ?? 0) + 1;
      if (frame.action === 'error' && this.errors.length < 5) this.errors.push(frame);
      if (frame.action === 'InitChat') this.initChatAck = frame;
      this.order.observe(frame);
      const key = keyOf(frame);
      if (key === undefined) return;
      const waiter = this.waiting.get(key);
      if (waiter) {
        this.waiting.delete(key);
        waiter(at);
      } else this.early.set(key, at);
    });
  }

  /** Opens a socket; with `greets`, resolves only once the server's `connected` frame is in. */
  static async open(url: string, greets: boolean, timeoutMs: number): Promise<BenchSocket> {
    const ws = new WebSocket(url, { handshakeTimeout: timeoutMs });
    const socket = new BenchSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused with HTTP ${response.statusCode}`)));
    });
    if (greets) await socket.arrival('connected', timeoutMs);
    return socket;
  }

  send(frame: Frame): number {
    this.ws.send(JSON.stringify(frame));
    return performance.now();
  }

  /** When the frame with `key` arrived (it may have arrived already); rejects after `timeoutMs`. */
  arrival(key: string, timeoutMs: number): Promise<number> {
    const seen = this.early.get(key);
    if (seen !== undefined) {
      this.early.delete(key);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`no ${key} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(key, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2000);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.close();
    });
  }
}

/**
 * Runs `task` over `items` with at most `limit` in flight; items not started before `deadline`
 * (a performance.now() time) are skipped. Returns how many ran.
 */
export async function pool<T>(items: readonly T[], limit: number, deadline: number, task: (item: T, index: number) => Promise<void>): Promise<number> {
  let next = 0;
  let ran = 0;
  const worker = async () => {
    while (next < items.length && performance.now() < deadline) {
      const index = next++;
      ran++;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return ran;
}
