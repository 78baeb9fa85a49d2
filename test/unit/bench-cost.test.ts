/** The cost model of `npm run bench`: per-unit arithmetic, the session shares, INIT, logs, and the prices file. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { costPerMillion, expectedPings, hostedPerMillion, perUnit, sessionShares, usagePerMessage, type PhaseUse, type Phases, type Prices } from '../../bench/cost';
import { emptyCount, type OpCount } from '../../bench/dynamo-counter';

const op = (c: Partial<OpCount>): OpCount => ({ ...emptyCount(), ...c });

const prices: Prices = {
  recorded: '2026-01-01',
  basis: 'test',
  aws: {
    region: 'us-east-1',
    sources: [],
    apiGateway: { perMillionMessages: 1, perMillionConnectionMinutes: 0.25 },
    lambda: { perMillionRequests: 0.2, perGbSecond: { arm64: 0.0000133334 } },
    dynamodb: { perMillionWriteUnits: 0.625, perMillionReadUnits: 0.125 },
    cloudwatchLogs: { perGbIngested: 0.5 },
  },
  session: {
    messagesPerChat: 10,
    visitor: { connectionsPerChat: 1, minutesPerConnection: 8 },
    seller: { shiftHours: 8, connectionsPerShift: 4, chatsPerShift: 60 },
    pingIntervalMinutes: 4,
  },
  lambdaInit: { coldStartsPerInvocation: 0.01, billedMsPerColdStart: 120 },
  logs: { jsonEnvelopeBytes: 120 },
  hosted: [{ name: 'X', plan: 'p', perMillionProviderMessages: 2.5, providerMessagesPerChatMessage: 2, source: 's', note: 'n' }],
};
const none: PhaseUse = { units: 0, framesIn: 0, framesOut: 0, dynamo: {}, lambda: {}, logBytes: 0 };
const phases = (over: Partial<Phases>): Phases => ({ message: none, initChat: none, visitorConnection: none, sellerConnection: none, ping: none, ...over });
const noInit = { ...prices, lambdaInit: { coldStartsPerInvocation: 0, billedMsPerColdStart: 0 } };

describe('cost per million chat messages', () => {
  test('one message: one frame in, one out, one 100 ms invocation at 1024 MB, one query and one put', () => {
    const message: PhaseUse = {
      units: 4,
      framesIn: 4,
      framesOut: 4,
      dynamo: { Query: op({ requests: 4, readUnits: 2 }), PutItem: op({ requests: 4, writeUnits: 4 }) },
      lambda: { sendMessage: { invocations: 4, billedMs: 400 } },
      logBytes: 0,
    };
    const usage = usagePerMessage(phases({ message }), noInit, 1024);
    expect(usage.apiGatewayMessages).toBeCloseTo(2);
    expect(usage.lambdaRequests).toBeCloseTo(1);
    expect(usage.lambdaGbSeconds).toBeCloseTo(0.1);
    expect(usage.readUnits).toBeCloseTo(0.5);
    expect(usage.writeUnits).toBeCloseTo(1);
    // visitor 8 min + seller 480 min / 60 chats = 16 min per chat, over 10 messages
    expect(usage.connectionMinutes).toBeCloseTo(1.6);

    const cost = costPerMillion(usage, prices, 'arm64');
    expect(cost.apiGatewayMessages).toBeCloseTo(2);
    expect(cost.apiGatewayConnectionMinutes).toBeCloseTo(0.4);
    expect(cost.lambdaRequests).toBeCloseTo(0.2);
    expect(cost.lambdaCompute).toBeCloseTo(1.33334); // 0.1 GB-s x 1e6 x $0.0000133334
    expect(cost.lambdaInit).toBe(0);
    expect(cost.dynamoReads).toBeCloseTo(0.0625);
    expect(cost.dynamoWrites).toBeCloseTo(0.625);
    expect(cost.cloudwatchLogs).toBe(0);
    expect(cost.total).toBeCloseTo(2 + 0.4 + 0.2 + 1.33334 + 0.0625 + 0.625);
  });

  test('session shares: the visitor connection per chat, the seller connection shared by its shift’s chats, pings per connection minute', () => {
    const share = sessionShares(prices.session);
    expect(share.initChat).toBeCloseTo(0.1);
    expect(share.visitorConnections).toBeCloseTo(0.1);
    expect(share.sellerConnections).toBeCloseTo(4 / 60 / 10);
    expect(share.connectionMinutes).toBeCloseTo(16 / 10);
    // the visitor: 8 minutes, 6 sends (5 messages and its InitChat); a seller: 120 minutes, 75 sends (5 each for 15 chats)
    expect(share.pings).toBeCloseTo((expectedPings(8, 6, 4) + expectedPings(120, 75, 4) / 15) / 10);
    expect(share.pings).toBeGreaterThan(0);
    expect(share.pingsAtMost).toBeCloseTo(16 / 4 / 10);
    expect(share.pings).toBeLessThan(share.pingsAtMost);
  });

  test('expected pings of a connection: one per idle interval when it sends nothing, fewer the more it sends', () => {
    expect(expectedPings(10, 0, 8)).toBe(1);
    expect(expectedPings(17, 0, 8)).toBe(2);
    expect(expectedPings(7, 0, 8)).toBe(0);
    // one send at a uniform time u in [0, 30]: floor(u/8) + floor((30-u)/8) averages 2 * (22 + 14 + 6) / 30
    expect(expectedPings(30, 1, 8)).toBeCloseTo((2 * (22 + 14 + 6)) / 30);
    expect(expectedPings(120, 1, 8)).toBeLessThanOrEqual(expectedPings(120, 0, 8));
    const falling = [1, 5, 20, 150].map((sends) => expectedPings(120, sends, 8));
    for (let i = 1; i < falling.length; i++) expect(falling[i]!).toBeLessThan(falling[i - 1]!);
    // a chat's visitor connection as bench/prices.json has it: 11 sends in 10 minutes leave almost no 8-minute stretch
    expect(expectedPings(10, 11, 8)).toBeCloseTo(12 * 0.2 ** 11, 12);
  });

  test('InitChat, each role’s connection and the pings are spread by their shares', () => {
    const initChat: PhaseUse = { units: 1, framesIn: 1, framesOut: 1, dynamo: { PutItem: op({ requests: 1, writeUnits: 10 }) }, lambda: {}, logBytes: 0 };
    const visitorConnection: PhaseUse = { units: 2, framesIn: 0, framesOut: 2, dynamo: {}, lambda: { connect: { invocations: 2, billedMs: 0 } }, logBytes: 0 };
    const sellerConnection: PhaseUse = { units: 1, framesIn: 0, framesOut: 1, dynamo: { UpdateItem: op({ requests: 3, writeUnits: 60 }) }, lambda: {}, logBytes: 0 };
    const ping: PhaseUse = { units: 5, framesIn: 5, framesOut: 5, dynamo: {}, lambda: { ping: { invocations: 5, billedMs: 0 } }, logBytes: 0 };
    const usage = usagePerMessage(phases({ initChat, visitorConnection, sellerConnection, ping }), noInit, 256);
    const share = sessionShares(prices.session);
    expect(usage.writeUnits).toBeCloseTo(10 * share.initChat + 60 * share.sellerConnections);
    expect(usage.apiGatewayMessages).toBeCloseTo(2 * share.initChat + 1 * share.visitorConnections + 1 * share.sellerConnections + 2 * share.pings);
    expect(usage.lambdaRequests).toBeCloseTo(share.visitorConnections + share.pings);
    expect(usage.pings).toBeCloseTo(share.pings);
  });

  test('pings answered by API Gateway (MOCK route): their two frames only, whatever the local stand-in Lambda used', () => {
    const ping: PhaseUse = {
      units: 5,
      framesIn: 5,
      framesOut: 5,
      dynamo: { GetItem: op({ requests: 5, readUnits: 5 }) },
      lambda: { ping: { invocations: 5, billedMs: 50 } },
      logBytes: 500,
    };
    const usage = usagePerMessage(phases({ ping }), noInit, 256, undefined, { pingsByApiGateway: true });
    const share = sessionShares(prices.session);
    expect(usage.apiGatewayMessages).toBeCloseTo(2 * share.pings);
    expect(usage.lambdaRequests).toBe(0);
    expect(usage.readUnits).toBe(0);
    expect(usage.logBytes).toBe(0);
    expect(usage.pings).toBeCloseTo(share.pings);
  });

  test('each function is billed at its own memory size; the provider size for the rest, INIT too', () => {
    const message: PhaseUse = {
      units: 1,
      framesIn: 1,
      framesOut: 1,
      dynamo: {},
      lambda: { sendMessage: { invocations: 1, billedMs: 100 }, afterConnect: { invocations: 1, billedMs: 100 } },
      logBytes: 0,
    };
    const usage = usagePerMessage(phases({ message }), prices, { memoryMb: 1024, memoryByFunction: { sendMessage: 128 } });
    expect(usage.lambdaGbSeconds).toBeCloseTo(0.1 * 0.125 + 0.1 * 1);
    expect(usage.lambdaInitGbSeconds).toBeCloseTo((0.125 + 1) * 0.01 * 0.12);
  });

  test('no ping route measured (units 0): no pings are modelled', () => {
    const usage = usagePerMessage(phases({}), noInit, 256);
    expect(usage.pings).toBe(0);
    expect(usage.apiGatewayMessages).toBe(0);
  });

  test('units from another engine replace the read and write units, per unit of that run', () => {
    const timing: PhaseUse = { units: 10, framesIn: 10, framesOut: 20, dynamo: { PutItem: op({ requests: 10, writeUnits: 10, readUnits: 5 }) }, lambda: {}, logBytes: 0 };
    const local: PhaseUse = { units: 4, framesIn: 4, framesOut: 8, dynamo: { PutItem: op({ requests: 4, writeUnits: 12, readUnits: 4 }) }, lambda: {}, logBytes: 0 };
    const usage = perUnit(timing, 256, local);
    expect(usage.writeUnits).toBeCloseTo(3);
    expect(usage.readUnits).toBeCloseTo(1);
    expect(usage.apiGatewayMessages).toBeCloseTo(3); // frames stay the timing run's
  });

  test('Lambda INIT: 1 cold start per 100 invocations, 120 ms billed each at the memory size', () => {
    const message: PhaseUse = { units: 1, framesIn: 1, framesOut: 1, dynamo: {}, lambda: { sendMessage: { invocations: 1, billedMs: 10 } }, logBytes: 0 };
    const usage = usagePerMessage(phases({ message }), prices, 512);
    expect(usage.lambdaInitGbSeconds).toBeCloseTo(1 * 0.01 * 0.12 * 0.5);
    expect(costPerMillion(usage, prices, 'arm64').lambdaInit).toBeCloseTo(0.0006 * 1e6 * 0.0000133334);
  });

  test('CloudWatch Logs: bytes per message × 1e6 at $0.50 per GB', () => {
    const message: PhaseUse = { units: 2, framesIn: 0, framesOut: 0, dynamo: {}, lambda: {}, logBytes: 1000 };
    const usage = usagePerMessage(phases({ message }), noInit, 256);
    expect(usage.logBytes).toBe(500);
    expect(costPerMillion(usage, prices, 'arm64').cloudwatchLogs).toBeCloseTo(0.25);
  });

  test('an architecture without a price is an error, and hosted prices scale by messages per chat message', () => {
    const usage = usagePerMessage(phases({}), prices, 256);
    expect(() => costPerMillion(usage, prices, 'x86_64')).toThrow(/x86_64/);
    expect(hostedPerMillion(prices.hosted[0]!)).toBe(5);
  });
});

describe('bench/prices.json', () => {
  const root = path.resolve(__dirname, '..', '..');
  const file = JSON.parse(readFileSync(path.join(root, 'bench', 'prices.json'), 'utf8')) as Prices;

  test('its ping interval is the pages’ keep-alive interval', () => {
    const source = readFileSync(path.join(root, 'web', 'shared', 'reconnecting-socket.ts'), 'utf8');
    const match = /PING_AFTER_IDLE_MS\s*=\s*(\d+)\s*\*\s*60_000/.exec(source);
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBe(file.session.pingIntervalMinutes);
  });

  test('has every price the model uses', () => {
    expect(file.aws.cloudwatchLogs.perGbIngested).toBeGreaterThan(0);
    expect(file.lambdaInit.coldStartsPerInvocation).toBeGreaterThan(0);
    expect(file.session.seller.chatsPerShift).toBeGreaterThan(0);
    expect(file.logs.jsonEnvelopeBytes).toBeGreaterThan(0);
  });
});
