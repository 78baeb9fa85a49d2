/** Child-process plumbing shared by the local DynamoDB and serverless-offline launchers. */
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

/** The last `maxChars` of a child's output: enough to explain a failure, bounded for runs that last hours. */
export class OutputTail {
  private chunks: string[] = [];
  private size = 0;

  constructor(private readonly maxChars = 64 * 1024) {}

  push(chunk: Buffer | string): void {
    const text = chunk.toString();
    this.chunks.push(text);
    this.size += text.length;
    while (this.size > this.maxChars && this.chunks.length > 1) {
      this.size -= this.chunks.shift()?.length ?? 0;
    }
  }

  toString(): string {
    return this.chunks.join('');
  }
}

/** Calls `ready` until it returns true; throws on timeout, or as soon as `abortReason` names a reason to give up. */
export async function pollUntil(
  ready: () => Promise<boolean>,
  options: { what: string; timeoutMs: number; intervalMs?: number; abortReason?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const reason = options.abortReason?.();
    if (reason) throw new Error(reason);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${options.what} not ready after ${options.timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true once the child has exited, false after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    child.once('exit', onExit);
  });
}

/** Signals the child, or its whole process group when it was spawned detached; a vanished target is fine. */
function signal(child: ChildProcess, group: boolean, name: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (group) process.kill(-child.pid, name);
    else child.kill(name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function terminate(child: ChildProcess, options: { group?: boolean; graceMs?: number } = {}): Promise<void> {
  const group = options.group ?? false;
  const graceMs = options.graceMs ?? 5000;
  if (!hasExited(child)) {
    signal(child, group, 'SIGTERM');
    if (!(await waitForExit(child, graceMs))) {
      signal(child, group, 'SIGKILL');
      await waitForExit(child, graceMs);
    }
  }
  // workers the leader spawned may outlive it and keep our ports
  if (group) signal(child, group, 'SIGKILL');
}

/** Kills the child if this process exits without stopping it first; returns the function that disarms that. */
export function killOnExit(child: ChildProcess, options: { group?: boolean } = {}): () => void {
  const kill = () => signal(child, options.group ?? false, 'SIGKILL');
  process.once('exit', kill);
  return () => process.off('exit', kill);
}
