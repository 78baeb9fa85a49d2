/**
 * The time a model engine may take: a whole-answer deadline and an idle limit between events, on
 * one AbortController that the caller's own signal aborts too. A stream that stalls, or a server
 * that never answers, then ends as EngineUnavailable instead of holding the visitor's question.
 */

export interface Deadline {
  /** aborts on the caller's signal, at the deadline, or after the idle limit without a `touch()` */
  signal: AbortSignal;
  /** an event arrived: the idle limit starts again */
  touch(): void;
  /** the caller aborted: its abort is rethrown as it is, not turned into a handoff */
  readonly callerAborted: boolean;
  dispose(): void;
}

export function deadline(callerSignal: AbortSignal | undefined, timeoutMs: number, idleTimeoutMs: number): Deadline {
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const idleExpiry = () => setTimeout(() => controller.abort(new Error(`no event for ${idleTimeoutMs} ms`)), idleTimeoutMs);
  const total = setTimeout(() => controller.abort(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
  let idle = idleExpiry();
  return {
    signal: controller.signal,
    touch() {
      clearTimeout(idle);
      idle = idleExpiry();
    },
    get callerAborted() {
      return callerSignal?.aborted === true;
    },
    dispose() {
      clearTimeout(total);
      clearTimeout(idle);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Why `signal` aborted, as an Error. */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/**
 * The next value of `iterator`, or a throw of the abort's reason once `signal` fires: an abort
 * does not always reach a stream already being read, and the answer must not wait on it.
 */
export async function nextOrAbort<T>(iterator: AsyncIterator<T>, signal: AbortSignal): Promise<IteratorResult<T>> {
  if (signal.aborted) throw abortReason(signal);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([iterator.next(), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
