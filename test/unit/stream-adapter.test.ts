/**
 * The response-streaming adapter behind scripts/stream-server.ts's awslambda shim, over real HTTP:
 * events written as they happen, a heartbeat while a route is silent, an error event after the
 * stream began, JSON refusals before it, X-Request-Id and CORS on every answer.
 */
import { parseLastEventId } from '../../lib/assistant/conversations';
import { badRequest, rateLimited } from '../../lib/platform/errors';
import { formatEvent, matchPath, streamingHandler, type StreamRoute } from '../../lib/lambda-adapters/stream-adapter';
import { installAwsLambdaShim, serveStreamingHandler, type StreamServer } from '../../scripts/stream-server';
import { readEventStream } from '../support/sse-client';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the stream adapter under the local awslambda shim', () => {
  let served: StreamServer;

  beforeAll(async () => {
    installAwsLambdaShim();
    const routes: StreamRoute[] = [
      {
        method: 'POST',
        path: '/slow/{id}',
        async run({ params }) {
          return {
            kind: 'events',
            firstId: '1.0',
            async run(send) {
              send({ event: 'delta', id: '1.5', data: { text: params.id } });
              // silent for several heartbeat intervals
              await pause(400);
              send({ event: 'done', id: '1.done', data: { ok: true } });
            },
          };
        },
      },
      {
        method: 'POST',
        path: '/failing',
        async run() {
          return {
            kind: 'events',
            firstId: '7.0',
            async run(send) {
              send({ event: 'delta', id: '7.2', data: { text: 'hi' } });
              throw new Error('the engine broke');
            },
          };
        },
      },
      {
        method: 'GET',
        path: '/refused',
        async run() {
          throw rateLimited('too many; try again in 3 s', 3);
        },
      },
      {
        method: 'GET',
        path: '/bad',
        async run() {
          throw badRequest('content is required');
        },
      },
    ];
    served = await serveStreamingHandler(streamingHandler(routes, { heartbeatMs: 100 }) as never, 0);
  });

  afterAll(() => served.stop());

  test('events arrive as they are written, with a heartbeat comment while the route is silent, and the request id echoed', async () => {
    const answer = await readEventStream(`${served.url}/slow/abc`, { headers: { 'x-request-id': 'mine-1', origin: 'https://shop.example' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(answer.headers.get('x-request-id')).toBe('mine-1');
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(answer.events.map((e) => [e.event, e.id, e.data])).toEqual([
      ['delta', '1.5', { text: 'abc' }],
      ['done', '1.done', { ok: true }],
    ]);
    // the delta was read before the done: an earlier network read
    expect(answer.events[0]!.read).toBeLessThan(answer.events[1]!.read);
    expect(answer.comments).toBeGreaterThan(0);
    expect(answer.complete).toBe(true);
  });

  test('a failure after the stream began is an error event carrying the last id; the stream then ends', async () => {
    const answer = await readEventStream(`${served.url}/failing`, {});
    expect(answer.events.map((e) => e.event)).toEqual(['delta', 'error']);
    expect(answer.events[1]).toMatchObject({ id: '7.2', data: { code: 'INTERNAL', requestId: expect.any(String) } });
  });

  test('refusals before the stream are JSON with their status, Retry-After and a generated request id', async () => {
    const limited = await fetch(`${served.url}/refused`, { headers: { 'x-request-id': 'has spaces' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    const body = (await limited.json()) as { error: { code: string; retryAfter: number }; requestId: string };
    expect(body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 3 });
    // a request id that is not a plain token is replaced by ours
    expect(limited.headers.get('x-request-id')).toBe(body.requestId);
    expect(body.requestId).not.toBe('has spaces');
    expect((await fetch(`${served.url}/bad`)).status).toBe(400);
    expect((await fetch(`${served.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${served.url}/slow/abc`)).status).toBe(404);
  });

  test('a preflight names the methods of the path and the headers a client may send', async () => {
    const preflight = await fetch(`${served.url}/slow/abc`, { method: 'OPTIONS', headers: { origin: 'https://a.example' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('last-event-id');
  });
});

describe('the pieces', () => {
  test('formatEvent writes id, event and one line of JSON data', () => {
    expect(formatEvent({ event: 'delta', id: '3.10', data: { text: 'two\nlines' } })).toBe('id: 3.10\nevent: delta\ndata: {"text":"two\\nlines"}\n\n');
  });

  test('matchPath decodes its parameters and matches whole segments only', () => {
    expect(matchPath('/v1/chat/conversations/{id}', '/v1/chat/conversations/a%2Eb')).toEqual({ id: 'a.b' });
    expect(matchPath('/v1/chat/conversations/{id}', '/v1/chat/conversations/a/messages')).toBeUndefined();
    expect(matchPath('/v1/chat/conversations/{id}', '/v1/chat/conversations/%E0')).toBeUndefined();
  });

  test('Last-Event-ID: a question seq and an offset, or done; anything else is refused', () => {
    expect(parseLastEventId('4.120')).toEqual({ questionSeq: 4, offset: 120 });
    expect(parseLastEventId('4.done')).toEqual({ questionSeq: 4, offset: Number.MAX_SAFE_INTEGER });
    expect(() => parseLastEventId('4')).toThrow('Last-Event-ID');
    expect(() => parseLastEventId('x.1')).toThrow('Last-Event-ID');
  });
});
