/**
 * A WebSocket that comes back by itself: exponential backoff with jitter, "up" only once the
 * server's `connected` frame arrived (the upgrade alone says nothing about $connect's outcome),
 * and a ping before API Gateway's 10-minute idle timeout. Shared by the widget and the dashboard.
 */
import { backoffDelay } from './backoff';
import { parseServerFrame, type ClientFrame, type FrameOf, type ServerFrame } from './protocol';

export interface SocketEvents {
  onUp(connected: FrameOf<'connected'>): void;
  /** the socket that was up closed, or an attempt failed before it came up */
  onDown(): void;
  onFrame(frame: ServerFrame): void;
}

export interface BackoffOptions {
  minDelayMs?: number;
  maxDelayMs?: number;
}

const PING_EVERY_MS = 4 * 60_000;
/** A socket that opened but got no `connected` frame in this time is treated as failed. */
const GREETING_TIMEOUT_MS = 10_000;

export class ReconnectingSocket {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private greetingTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private running = false;
  /** bumped by every close: an attempt still waiting for its URL is dropped when it changed */
  private generation = 0;
  up = false;

  /** `url` is asked afresh for every attempt (it may fetch a single-use ticket); a failure counts as a failed attempt. */
  constructor(
    private readonly url: () => string | Promise<string>,
    private readonly events: SocketEvents,
    private readonly options: BackoffOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    addEventListener('online', this.reconnectNow);
    void this.open();
  }

  stop(): void {
    this.running = false;
    removeEventListener('online', this.reconnectNow);
    clearTimeout(this.retryTimer);
    this.close();
  }

  /** Sends when the socket is up; false tells the caller to use its fallback. */
  send(frame: ClientFrame): boolean {
    if (!this.up || !this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /** Drops the current attempt's wait, e.g. when the browser says the network is back. */
  reconnectNow = (): void => {
    if (!this.running || this.up) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.close();
    void this.open();
  };

  private async open(): Promise<void> {
    const generation = this.generation;
    let socket: WebSocket;
    try {
      const url = await this.url();
      if (generation !== this.generation || !this.running) return;
      socket = new WebSocket(url);
    } catch {
      if (generation !== this.generation || !this.running) return;
      this.events.onDown();
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    this.greetingTimer = setTimeout(() => socket.close(), GREETING_TIMEOUT_MS);
    socket.onmessage = (event) => {
      const frame = parseServerFrame(String(event.data));
      if (!frame) return;
      if (!this.up && frame.action === 'connected') {
        clearTimeout(this.greetingTimer);
        this.up = true;
        this.attempt = 0;
        this.pingTimer = setInterval(() => this.send({ action: 'ping' }), PING_EVERY_MS);
        this.events.onUp(frame);
        return;
      }
      this.events.onFrame(frame);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      const wasUp = this.up;
      this.close();
      if (!wasUp) this.events.onDown();
      this.scheduleRetry();
    };
  }

  private close(): void {
    this.generation++;
    const socket = this.socket;
    this.socket = undefined;
    clearTimeout(this.greetingTimer);
    clearInterval(this.pingTimer);
    if (socket) {
      socket.onclose = socket.onmessage = null;
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close();
    }
    if (this.up) {
      this.up = false;
      this.events.onDown();
    }
  }

  private scheduleRetry(): void {
    if (!this.running) return;
    const delay = backoffDelay(this.attempt++, this.options.minDelayMs ?? 500, this.options.maxDelayMs ?? 15_000);
    this.retryTimer = setTimeout(() => void this.open(), delay);
  }
}
