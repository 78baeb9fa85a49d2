/** The pages' keep-alive (web/shared/reconnecting-socket.ts): a ping only after 8 idle minutes, and a socket whose ping nothing answers is closed and reopened. */

/** The page code uses the browser's globals, which the root tsconfig (Node) does not type: loaded untyped, typed here by what the test uses. */
interface PageSocket {
  start(): void;
  stop(): void;
  send(frame: unknown): boolean;
}
type PageSocketClass = new (url: () => string, events: { onUp(): void; onDown(): void; onFrame(): void }, options: { minDelayMs: number; maxDelayMs: number }) => PageSocket;
const pageModule = '../../web/shared/reconnecting-socket';
const { ReconnectingSocket } = jest.requireActual<{ ReconnectingSocket: PageSocketClass }>(pageModule);

/** Just enough of a browser WebSocket: what the page sends, and frames or a close from the "server". */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static opened: FakeSocket[] = [];
  readyState = FakeSocket.OPEN;
  sent: unknown[] = [];
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.opened.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close() {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.();
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const MINUTE = 60_000;
const pings = (socket: FakeSocket) => socket.sent.filter((f) => (f as { action: string }).action === 'ping').length;

describe('keep-alive', () => {
  const globals = globalThis as unknown as Record<string, unknown>;
  const saved = { WebSocket: globals.WebSocket, addEventListener: globals.addEventListener, removeEventListener: globals.removeEventListener };

  beforeEach(() => {
    jest.useFakeTimers();
    FakeSocket.opened = [];
    Object.assign(globals, { WebSocket: FakeSocket, addEventListener: () => undefined, removeEventListener: () => undefined });
  });

  afterEach(() => {
    jest.useRealTimers();
    Object.assign(globals, saved);
  });

  async function upSocket() {
    const events = { up: 0, down: 0 };
    const socket = new ReconnectingSocket(
      () => 'ws://test',
      { onUp: () => events.up++, onDown: () => events.down++, onFrame: () => undefined },
      { minDelayMs: 10, maxDelayMs: 10 },
    );
    socket.start();
    await Promise.resolve();
    await Promise.resolve();
    const first = FakeSocket.opened[0] as FakeSocket;
    first.receive({ action: 'connected', connectionId: 'c1', role: 'visitor', userId: 'v1' });
    return { socket, first, events };
  }

  test('an idle socket pings after 8 minutes, not before; a socket that keeps sending never pings', async () => {
    const { socket, first } = await upSocket();
    jest.advanceTimersByTime(7 * MINUTE);
    expect(pings(first)).toBe(0);
    jest.advanceTimersByTime(1 * MINUTE);
    expect(pings(first)).toBe(1);
    first.receive({ action: 'pong' });
    // busy from here: a frame every 5 minutes resets the idle time
    for (let i = 0; i < 6; i++) {
      jest.advanceTimersByTime(5 * MINUTE);
      socket.send({ action: 'typing', contact_id: 'c', state: 'start' });
    }
    expect(pings(first)).toBe(1);
    socket.stop();
  });

  test('a ping no frame answers within 20 s closes the socket, which comes back', async () => {
    const { first, events, socket } = await upSocket();
    jest.advanceTimersByTime(8 * MINUTE);
    expect(pings(first)).toBe(1);
    jest.advanceTimersByTime(19_000);
    expect(first.readyState).toBe(FakeSocket.OPEN);
    jest.advanceTimersByTime(2_000);
    expect(first.readyState).toBe(FakeSocket.CLOSED);
    expect(events.down).toBe(1);
    jest.advanceTimersByTime(100);
    await Promise.resolve();
    await Promise.resolve();
    expect(FakeSocket.opened).toHaveLength(2);
    socket.stop();
  });

  test('an answered ping leaves the socket open', async () => {
    const { first, socket } = await upSocket();
    jest.advanceTimersByTime(8 * MINUTE);
    first.receive({ action: 'pong' });
    jest.advanceTimersByTime(30_000);
    expect(first.readyState).toBe(FakeSocket.OPEN);
    socket.stop();
  });
});
