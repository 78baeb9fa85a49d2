/** `npm start` keeps serverless-offline's output in a log and shows only its errors: which lines those are. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErrorLines, isErrorLine, openOutputLog } from '../../scripts/process-tools';

// as serverless-offline prints them at start and per request (stdout and stderr both), and the handlers' JSON logs
const listing = [
  'Starting Offline at stage local (us-east-1)',
  'Offline [http for lambda] listening on http://127.0.0.1:3002',
  'Function names exposed for local invocation by aws-sdk:',
  '   * authorize: seller-chat-local-authorize',
  '   * httpDeleteContact: seller-chat-local-httpDeleteContact',
  'Scheduling [sweep] cron: disabled',
  'Configuring Authorization: connect authorize',
  "route '$connect (λ: connect)'",
  "route 'read (λ: readReceipt)'",
  'Offline [websocket] listening on ws://127.0.0.1:3001',
  '┌──────────────────────────────────────────────────────────────────────────────┐',
  '│   POST   | http://127.0.0.1:3000/v1/connect-tickets                          │',
  '│   http://127.0.0.1:3000/2015-03-31/functions/httpConnectTicket/invocations   │',
  '│   POST   | http://127.0.0.1:3000/2015-03-31/functions/httpVisitorContacts/   │',
  '│   invocations                                                                │',
  '└──────────────────────────────────────────────────────────────────────────────┘',
  'Offline [http for websocket] listening on http://127.0.0.1:3001',
  'Server ready: http://127.0.0.1:3000 🚀',
  'GET /v1/health (λ: httpHealth)',
  '(λ: httpHealth) RequestId: 3635eeb4-bde2-4993-b329-e6413b262b98  Duration: 45.25 ms  Billed Duration: 46 ms',
  '{"level":"info","msg":"request refused","service":"seller-chat","code":"UNAUTHORIZED","reason":"an Authorization: Bearer token is required"}',
  // the level decides, not the words of the message
  '{"level":"warn","msg":"push failed, will retry","error":"TypeError: fetch failed"}',
  '(node:4045) Warning: NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)',
  'To continue receiving updates to AWS services, bug fixes,',
  '',
  '   ',
];

const errors = [
  '{"level":"error","msg":"afterConnect failed","service":"seller-chat","requestId":"r-1"}',
  '{"level":"ERROR","message":"flush failed","service":"seller-chat"}',
  '{"level":"fatal","msg":"x"}',
  "× Attempt to invoke function 'nope' failed. Function does not exist.",
  "✖ Unhandled exception in handler 'sendMessage'.",
  '\u001b[31m✖\u001b[39m \u001b[31mboom\u001b[39m',
  'Error: listen EADDRINUSE: address already in use 127.0.0.1:3000',
  "TypeError: Cannot read properties of undefined (reading 'sellerId')",
  '✘ [ERROR] Could not resolve "./missing"',
  'ServerlessError: Serverless plugin "serverless-offline" not found',
  '    at Object.<anonymous> (/work/handlers/connect.ts:12:9)',
  '{not json, but an Error all the same',
];

describe('isErrorLine: the lines of offline output the terminal still shows', () => {
  test.each(listing)('not an error: %j', (line) => {
    expect(isErrorLine(line)).toBe(false);
  });

  test.each(errors)('an error: %j', (line) => {
    expect(isErrorLine(line)).toBe(true);
  });

  test("an indented line continues the error before it (serverless indents a multi-line error's rest)", () => {
    expect(isErrorLine('  /work/.esbuild/.build/handlers/connect.js', true)).toBe(true);
    expect(isErrorLine('  /work/.esbuild/.build/handlers/connect.js', false)).toBe(false);
  });

  test('what follows an error unindented, blank, or as a JSON line at another level is not', () => {
    expect(isErrorLine('GET /v1/health (λ: httpHealth)', true)).toBe(false);
    expect(isErrorLine('', true)).toBe(false);
    expect(isErrorLine('  {"level":"info","msg":"ok"}', true)).toBe(false);
  });
});

describe("ErrorLines: error lines out of one stream's chunks", () => {
  test('whole lines only, however the chunks cut them', () => {
    const picker = new ErrorLines();
    const text = [...listing, errors[0], 'GET /v1/status (λ: httpStatus)', errors[3], ''].join('\n');
    const cut = [text.slice(0, 100), text.slice(100, text.indexOf('afterConnect failed')), text.slice(text.indexOf('afterConnect failed'))];
    expect(cut.map((chunk) => picker.push(chunk)).join('')).toBe(`${errors[0]}\n${errors[3]}\n`);
  });

  test("an error's indented lines come with it, until a line that is not indented", () => {
    const picker = new ErrorLines();
    const out = picker.push("✖ Unhandled exception in handler 'connect'.\n  boom\n  details\nGET /v1/health (λ: httpHealth)\n  indented, but after a plain line\n");
    expect(out).toBe("✖ Unhandled exception in handler 'connect'.\n  boom\n  details\n");
  });

  test('flush gives the last line when the stream ended without a newline, and CRLF lines are classified too', () => {
    const picker = new ErrorLines();
    expect(picker.push('Server ready\r\nError: listen EADDRINUSE')).toBe('');
    expect(picker.flush()).toBe('Error: listen EADDRINUSE\n');
    expect(picker.flush()).toBe('');
  });
});

describe('openOutputLog', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'start-output-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('creates the directory, appends, and marks where each run starts', () => {
    const file = path.join(dir, 'logs', 'offline.log');
    const first = openOutputLog(file, 'serverless-offline, stage local');
    first.write('Starting Offline\n');
    first.close();
    const second = openOutputLog(file, 'serverless-offline, stage local');
    second.write('Server ready\n');
    second.close();
    second.write('after close: dropped\n');
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^--- serverless-offline, stage local, \d{4}-\d\d-\d\dT.*Z ---$/),
      'Starting Offline',
      '',
      expect.stringMatching(/^--- serverless-offline, stage local, /),
      'Server ready',
      '',
    ]);
  });
});
