/**
 * The local stand-in for afterConnect's on-failure destination. On AWS, Lambda retries a failed
 * asynchronous afterConnect once and then sends Lambda's failure record to an SQS queue
 * (resources/operations.yml). serverless-offline has no destinations, so locally the handler
 * writes the same record (`requestPayload`, `responsePayload`) as one JSON file per failure in
 * AFTER_CONNECT_FAILURES_DIR, and `npm run replay:after-connect` replays them
 * (docs/operations.md has the AWS side).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface FailureRecord<E> {
  timestamp: string;
  requestPayload: E;
  responsePayload: { errorType: string; errorMessage: string };
}

/** Keeps a failed event; the file name sorts by time. */
export function recordFailure<E extends { connectionId?: string }>(dir: string, event: E, error: unknown): string {
  mkdirSync(dir, { recursive: true });
  const record: FailureRecord<E> = {
    timestamp: new Date().toISOString(),
    requestPayload: event,
    responsePayload: { errorType: (error as Error)?.name ?? 'Error', errorMessage: (error as Error)?.message ?? String(error) },
  };
  const file = path.join(dir, `${Date.now()}-${event.connectionId ?? 'event'}.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

/** The failure records waiting in `dir`, oldest first. */
export function pendingFailures<E>(dir: string): { file: string; record: FailureRecord<E> }[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    const file = path.join(dir, name);
    return { file, record: JSON.parse(readFileSync(file, 'utf8')) as FailureRecord<E> };
  });
}

/** Invokes each waiting event again; a record is removed only once its invocation succeeded. */
export async function replayFailures<E>(dir: string, invoke: (event: E) => Promise<void>): Promise<{ replayed: number; failed: { file: string; error: string }[] }> {
  let replayed = 0;
  const failed: { file: string; error: string }[] = [];
  for (const { file, record } of pendingFailures<E>(dir)) {
    try {
      await invoke(record.requestPayload);
      rmSync(file, { force: true });
      replayed++;
    } catch (error) {
      failed.push({ file, error: `${(error as Error).message}${(error as { cause?: Error }).cause ? `: ${(error as { cause?: Error }).cause?.message}` : ''}` });
    }
  }
  return { replayed, failed };
}

/** An invoke through serverless-offline's Lambda endpoint that fails when the function did. */
export function offlineInvoker<E>(lambdaPort: number, functionName: string): (event: E) => Promise<void> {
  return async (event) => {
    const response = await fetch(`http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${functionName}/invocations`, {
      method: 'POST',
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(60_000),
    });
    const body = await response.text();
    if (!response.ok || response.headers.get('x-amz-function-error')) throw new Error(`${functionName} failed again: ${response.status} ${body.slice(0, 300)}`);
  };
}
