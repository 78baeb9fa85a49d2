/**
 * A WebSocket that comes back by itself: exponential backoff with jitter, "up" only once the
 * server's `connected` frame arrived (the upgrade alone says nothing about $connect's outcome),
 * and a ping before API Gateway's 10-minute idle timeout. Shared by the widget and the dashboard.
 *
 * The keep-alive costs only its two frames: API Gateway answers `ping` itself (a MOCK integration whose
 * route response is `pong`, resources/keepalive-plugin.js), and a socket that sent any frame in the last
 * PING_AFTER_IDLE_MS sends none. A ping not answered within PONG_TIMEOUT_MS closes the socket, which
 * then comes back like any closed one: the `pong` is how the page knows its socket is alive.
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

/** API Gateway closes a socket idle for 10 minutes; background tabs may run a timer up to a minute late. */
const PING_AFTER_IDLE_MS = 8 * 60_000;
const IDLE_CHECK_EVERY_MS = 60_000;
const PONG_TIMEOUT_MS = 20_000;
/** A socket that opened but got no `connected` frame in this time is treated as failed. */
const GREETING_TIMEOUT_MS = 10_000;

export class ReconnectingSocket {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private greetingTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  /** when this socket last sent a frame: any frame resets API Gateway's idle timeout */
  private lastSentAt = 0;
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
    this.lastSentAt = Date.now();
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
      // any frame says the socket is alive, not only the pong
      clearTimeout(this.pongTimer);
      this.pongTimer = undefined;
      const frame = parseServerFrame(String(event.data));
      if (!frame) return;
      if (!this.up && frame.action === 'connected') {
        clearTimeout(this.greetingTimer);
        this.up = true;
        this.attempt = 0;
        this.lastSentAt = Date.now();
        this.pingTimer = setInterval(() => this.pingIfIdle(socket), IDLE_CHECK_EVERY_MS);
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

  private pingIfIdle(socket: WebSocket): void {
    if (Date.now() - this.lastSentAt < PING_AFTER_IDLE_MS || this.pongTimer !== undefined) return;
    if (this.send({ action: 'ping' })) this.pongTimer = setTimeout(() => socket.close(), PONG_TIMEOUT_MS);
  }

  private close(): void {
    this.generation++;
    const socket = this.socket;
    this.socket = undefined;
    clearTimeout(this.greetingTimer);
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
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
