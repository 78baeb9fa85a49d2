/** Child-process plumbing shared by the local DynamoDB and serverless-offline launchers. */
import type { ChildProcess } from 'node:child_process';
import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

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

// ESC [ … letter: the terminal colour codes serverless-offline writes
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');
const ERROR_LEVELS = new Set(['error', 'fatal', 'critical']);

/** The `level` of a JSON log line (the handlers' lines are one JSON object each); undefined when the line is no such thing. */
function jsonLogLevel(text: string): string | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    const level = parsed !== null && typeof parsed === 'object' ? (parsed as { level?: unknown }).level : undefined;
    return typeof level === 'string' ? level : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether one line of serverless-offline's output is an error, which the terminal shows even when the
 * rest of that output only goes to the log. Not its stream: offline writes its whole listing to stderr.
 * - A JSON log line (the handlers') is one when its level is error, fatal or critical, in any case; at
 *   any other level it never is, whatever its message says.
 * - serverless's own error lines (`✖`, or `×` when its stderr is no colour terminal), esbuild's (`✘ [ERROR]`),
 *   and any line naming an error: `Error`, `TypeError:`…, `ERROR`, the word `error`.
 * - A stack frame (`    at f (file.js:1:2)`).
 * - With `afterError` (the line before was one): an indented line, the rest of a multi-line error
 *   (serverless indents the lines after an error's first by two spaces).
 */
export function isErrorLine(line: string, afterError = false): boolean {
  const text = line.replace(ANSI_ESCAPE, '');
  const trimmed = text.trim();
  if (!trimmed) return false;
  const level = jsonLogLevel(trimmed);
  if (level !== undefined) return ERROR_LEVELS.has(level.toLowerCase());
  if (afterError && /^\s/.test(text)) return true;
  return /^[✖×✘]/.test(trimmed) || /\b\w*Error\b|\bERROR\b|\berror\b/.test(trimmed) || /^\s+at \S/.test(text);
}

/** Picks the error lines (isErrorLine) out of one stream's chunks: whole lines, however the chunks cut them. */
export class ErrorLines {
  private partial = '';
  private afterError = false;

  /** The error lines this chunk completes, each with its newline ('' when none). */
  push(text: string): string {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    return lines.map((line) => this.take(line)).join('');
  }

  /** The stream's last line, when it ended without a newline and is an error. */
  flush(): string {
    const rest = this.partial;
    this.partial = '';
    return rest ? this.take(rest) : '';
  }

  private take(line: string): string {
    this.afterError = isErrorLine(line.replace(/\r$/, ''), this.afterError);
    return this.afterError ? `${line}\n` : '';
  }
}

export interface OutputLog {
  write(text: string): void;
  close(): void;
}

/**
 * Appends a child's output to `file` (its directory is created), after a line marking where this run
 * starts. Written synchronously, so nothing is lost when the process exits at once; a failed write
 * is reported on stderr once and the log stops, the child runs on.
 */
export function openOutputLog(file: string, marker: string): OutputLog {
  mkdirSync(path.dirname(file), { recursive: true });
  let fd: number | undefined = openSync(file, 'a');
  const close = () => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    closeSync(open);
  };
  const write = (text: string) => {
    if (fd === undefined || !text) return;
    try {
      writeSync(fd, text);
    } catch (error) {
      process.stderr.write(`cannot write ${file} (${(error as Error).message}); the output is no longer logged\n`);
      try {
        close();
      } catch {
        // already unusable
      }
    }
  };
  write(`${fstatSync(fd).size > 0 ? '\n' : ''}--- ${marker}, ${new Date().toISOString()} ---\n`);
  return { write, close };
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
