/** The handlers' trace and log lines as the benchmark reads them from serverless-offline's output. */
import { HandlerLog, logBytesByRoute, parseLogLine, parseTraceLine, roundTripsOf } from '../../bench/handler-logs';

const trace = (route: string, requests: number, trips: number | null) =>
  JSON.stringify({ level: 'trace', msg: 'invocation trace', route, dynamoRequests: requests, roundTripsBeforePush: trips });

describe('trace lines', () => {
  test('a trace line, with or without a prefix', () => {
    expect(parseTraceLine(trace('sendMessage', 3, 2))).toEqual({ route: 'sendMessage', dynamoRequests: 3, roundTripsBeforePush: 2 });
    expect(parseTraceLine(`offline: ${trace('connect', 1, null)}`)).toEqual({ route: 'connect', dynamoRequests: 1, roundTripsBeforePush: null });
  });

  test('the memory fields, when the line has them (the heap growth sizes Lambda memory)', () => {
    const line = JSON.stringify({ level: 'trace', msg: 'invocation trace', route: 'sendMessage', dynamoRequests: 3, roundTripsBeforePush: 2, heapGrowthMb: 1.5, rssMb: 210.3 });
    expect(parseTraceLine(line)).toEqual({ route: 'sendMessage', dynamoRequests: 3, roundTripsBeforePush: 2, heapGrowthMb: 1.5, rssMb: 210.3 });
  });

  test('anything else is not one', () => {
    expect(parseTraceLine('(λ: sendMessage) RequestId: x  Duration: 1 ms  Billed Duration: 2 ms')).toBeUndefined();
    expect(parseTraceLine('{"level":"info","msg":"connected"}')).toBeUndefined();
    expect(parseTraceLine('{"level":"trace","msg":"invocation trace","route":"x","dynamoRequests":"3"}')).toBeUndefined();
    expect(parseTraceLine('invocation trace {not json')).toBeUndefined();
  });

  test('round trips: max and lower median over the invocations that pushed, per route', () => {
    const lines = [trace('sendMessage', 3, 2), trace('sendMessage', 3, 2), trace('sendMessage', 4, 3), trace('sendMessage', 1, null), trace('connect', 1, 1)].map((l) =>
      parseTraceLine(l)!,
    );
    expect(roundTripsOf(lines, 'sendMessage')).toEqual({ invocations: 4, pushed: 3, max: 3, median: 2, histogram: { '2': 2, '3': 1 }, meanDynamoRequests: 11 / 4 });
    expect(roundTripsOf(lines, 'typing')).toMatchObject({ invocations: 0, max: null, median: null });
  });
});

describe('log lines and their bytes', () => {
  test('a structured log line is counted by route with its bytes and the escapes JSON would add', () => {
    const line = '{"level":"info","msg":"connected","route":"$connect"}';
    expect(parseLogLine(line)).toEqual({ route: '$connect', level: 'info', bytes: Buffer.byteLength(line), escapes: 12 });
    expect(parseLogLine('{"level":"error","msg":"x"}')?.route).toBe('other');
    expect(parseLogLine('Offline [websocket] route sendMessage')).toBeUndefined();
    expect(parseLogLine('{"level":"verbose","msg":"x"}')).toBeUndefined();
  });

  test('ingested bytes: the line, its escapes and the JSON envelope', () => {
    const a = parseLogLine('{"level":"info","msg":"a","route":"r"}')!;
    const out = logBytesByRoute([a, a], 100);
    expect(out.r).toEqual({ lines: 2, bytes: 2 * a.bytes, ingestedBytes: 2 * (a.bytes + a.escapes + 100) });
  });

  test('HandlerLog joins lines split across chunks and slices phases by marks', () => {
    const log = new HandlerLog();
    const line = trace('sendMessage', 3, 2);
    log.push(`${line.slice(0, 20)}`);
    log.push(`${line.slice(20)}\n{"level":"info","msg":"chat started","route":"InitChat"}\n`);
    const mark = log.mark();
    log.push(`${trace('ping', 0, 0)}\nnoise\n`);
    expect(log.traces).toHaveLength(2);
    expect(log.logs).toHaveLength(1);
    expect(log.since(mark)).toEqual({ traces: [{ route: 'ping', dynamoRequests: 0, roundTripsBeforePush: 0 }], logs: [] });
  });
});
