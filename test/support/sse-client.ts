/**
 * A client of the conversation API's event streams, over Node's own fetch: the body is read as it
 * arrives and cut into events at each blank line, so a caller sees every event the moment its
 * bytes are in, in order, and how many network reads came before it.
 */

export interface StreamedEvent {
  event: string;
  id: string | undefined;
  data: unknown;
  /** which read of the body completed this event (0 first): events of earlier reads reached us earlier */
  read: number;
  /** ms after the request was sent */
  atMs: number;
}

export interface StreamedAnswer {
  status: number;
  headers: Headers;
  events: StreamedEvent[];
  /** comment lines (`: heartbeat`) */
  comments: number;
  /** ms from the request to the response's headers */
  headersMs: number;
  /** the body when the response was no event stream (a refusal's JSON) */
  body?: unknown;
  /** whether the stream ended after a `done` or `error` event (a cut stream has neither) */
  complete: boolean;
}

/** Parses `text` into the complete events it holds; returns the unparsed rest. */
export function parseEvents(text: string, onEvent: (event: { event: string; id: string | undefined; data: string }) => void, onComment: () => void): string {
  let rest = text;
  for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    let fields = 0;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        onComment();
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      fields++;
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (fields) onEvent({ event, id, data: data.join('\n') });
  }
  return rest;
}

/** Sends the request and reads its answer: the events as they arrive, or the refusal's JSON. */
export async function readEventStream(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
  options: { onEvent?: (event: StreamedEvent) => void; stopAfter?: (event: StreamedEvent) => boolean } = {},
): Promise<StreamedAnswer> {
  const startedAt = performance.now();
  const response = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body: init.body, signal: init.signal });
  const headersMs = performance.now() - startedAt;
  const answer: StreamedAnswer = { status: response.status, headers: response.headers, events: [], comments: 0, headersMs, complete: false };
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const text = await response.text();
    try {
      answer.body = JSON.parse(text);
    } catch {
      answer.body = text;
    }
    return answer;
  }
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let read = 0;
  let stopped = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered = parseEvents(
      buffered + decoder.decode(value, { stream: true }),
      (raw) => {
        let data: unknown = raw.data;
        try {
          data = JSON.parse(raw.data);
        } catch {
          // not JSON: kept as text
        }
        const event: StreamedEvent = { event: raw.event, id: raw.id, data, read, atMs: performance.now() - startedAt };
        answer.events.push(event);
        if (event.event === 'done' || event.event === 'error') answer.complete = true;
        options.onEvent?.(event);
        if (options.stopAfter?.(event)) stopped = true;
      },
      () => answer.comments++,
    );
    read++;
    if (stopped) {
      await reader.cancel();
      break;
    }
  }
  return answer;
}
