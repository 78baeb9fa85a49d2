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
}

type Frame = Record<string, unknown>;

/** The key a frame is waited for by: a chat message by its (unique) text, anything else by its action. */
function keyOf(frame: Frame): string | undefined {
  if (frame.action === 'sendMessage' && typeof frame.message === 'string') return frame.message;
  if (frame.action === 'InitChat' || frame.action === 'connected' || frame.action === 'error') return String(frame.action);
  return undefined;
}

export class BenchSocket {
  /** every frame received, whatever it is: each one is an API Gateway message on AWS */
  frames = 0;
  errors: Frame[] = [];
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
      if (frame.action === 'error' && this.errors.length < 5) this.errors.push(frame);
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
