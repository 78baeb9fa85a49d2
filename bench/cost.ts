/**
 * Cost per million chat messages, from the measured per-operation use and the dated price table
 * (bench/prices.json). A chat's InitChat, its visitor's connection, its share of a long-lived seller
 * connection, and the keep-alive pings of both are spread over the chat's messages (prices.json `session`).
 * Also billed and modelled here: Lambda's INIT phase of cold starts, and CloudWatch Logs ingestion of
 * what the handlers log. docs/benchmark.md explains every term.
 */
import type { Counts } from './dynamo-counter';
import type { Invocations } from './invocations';

export interface Prices {
  recorded: string;
  basis: string;
  aws: {
    region: string;
    sources: string[];
    apiGateway: { perMillionMessages: number; perMillionConnectionMinutes: number };
    lambda: { perMillionRequests: number; perGbSecond: Record<string, number> };
    dynamodb: { perMillionWriteUnits: number; perMillionReadUnits: number };
    cloudwatchLogs: { perGbIngested: number };
  };
  session: {
    messagesPerChat: number;
    visitor: { connectionsPerChat: number; minutesPerConnection: number };
    /** one seller works a shift over a few connections (API Gateway closes a socket after 2 h) and serves many chats on them */
    seller: { shiftHours: number; connectionsPerShift: number; chatsPerShift: number };
    /** the pages' keep-alive at its most frequent: a socket idle this long pings (web/shared/reconnecting-socket.ts PING_AFTER_IDLE_MS) */
    pingIntervalMinutes: number;
  };
  lambdaInit: { coldStartsPerInvocation: number; billedMsPerColdStart: number };
  logs: { jsonEnvelopeBytes: number };
  hosted: { name: string; plan: string; perMillionProviderMessages: number; providerMessagesPerChatMessage: number; source: string; note: string }[];
}

/** What one measured phase used in total, and how many units of work (messages, chats, connections, pings) it did. */
export interface PhaseUse {
  units: number;
  /** frames the clients sent: each is an inbound API Gateway message */
  framesIn: number;
  /** frames the clients received: each is an outbound API Gateway message */
  framesOut: number;
  dynamo: Counts;
  lambda: Invocations;
  /** bytes CloudWatch Logs would ingest for the handlers' log lines in the phase (JSON envelope included) */
  logBytes: number;
}

export interface Phases {
  message: PhaseUse;
  initChat: PhaseUse;
  visitorConnection: PhaseUse;
  sellerConnection: PhaseUse;
  /** keep-alive pings; units 0 when the system has no ping route (the baseline) */
  ping: PhaseUse;
}

/** Billable quantities for one chat message, overheads included. */
export interface Usage {
  apiGatewayMessages: number;
  connectionMinutes: number;
  lambdaRequests: number;
  lambdaGbSeconds: number;
  /** invocations weighted by their function's memory in GB: what the modelled cold starts' INIT is billed on */
  lambdaRequestGb: number;
  /** the INIT phase of the modelled cold starts */
  lambdaInitGbSeconds: number;
  readUnits: number;
  writeUnits: number;
  logBytes: number;
  /** of the above, the keep-alive pings per chat message (for the report) */
  pings: number;
}

const ZERO: Usage = {
  apiGatewayMessages: 0,
  connectionMinutes: 0,
  lambdaRequests: 0,
  lambdaGbSeconds: 0,
  lambdaRequestGb: 0,
  lambdaInitGbSeconds: 0,
  readUnits: 0,
  writeUnits: 0,
  logBytes: 0,
  pings: 0,
};

function sumUnits(phase: PhaseUse, pick: 'readUnits' | 'writeUnits'): number {
  return Object.values(phase.dynamo).reduce((sum, op) => sum + op[pick], 0);
}

/** Lambda memory: one size for every function, or the provider's size with each function's own (serverless.yml memorySize). */
export type LambdaMemory = number | { memoryMb: number; memoryByFunction?: Record<string, number> };

/** The memory in MB that `functionName` runs with. */
export function memoryOf(memory: LambdaMemory, functionName: string): number {
  return typeof memory === 'number' ? memory : (memory.memoryByFunction?.[functionName] ?? memory.memoryMb);
}

/**
 * Per unit of one phase. `unitsFrom`, when given, is the same phase measured on another engine
 * (DynamoDB Local, which charges index writes): its read and write units per unit replace this one's.
 * Each function's duration is billed at its own memory.
 */
export function perUnit(phase: PhaseUse, memory: LambdaMemory, unitsFrom?: PhaseUse): Usage {
  const units = Math.max(1, phase.units);
  const lambda = Object.values(phase.lambda);
  const byFunction = Object.entries(phase.lambda);
  const unitSource = unitsFrom && unitsFrom.units > 0 ? unitsFrom : phase;
  const sourceUnits = Math.max(1, unitSource.units);
  return {
    ...ZERO,
    apiGatewayMessages: (phase.framesIn + phase.framesOut) / units,
    lambdaRequests: lambda.reduce((sum, use) => sum + use.invocations, 0) / units,
    lambdaGbSeconds: byFunction.reduce((sum, [name, use]) => sum + (use.billedMs / 1000) * (memoryOf(memory, name) / 1024), 0) / units,
    lambdaRequestGb: byFunction.reduce((sum, [name, use]) => sum + use.invocations * (memoryOf(memory, name) / 1024), 0) / units,
    readUnits: sumUnits(unitSource, 'readUnits') / sourceUnits,
    writeUnits: sumUnits(unitSource, 'writeUnits') / sourceUnits,
    logBytes: phase.logBytes / units,
  };
}

export function addUsage(a: Usage, b: Usage, times = 1): Usage {
  const out = { ...a };
  for (const key of Object.keys(out) as (keyof Usage)[]) out[key] = a[key] + b[key] * times;
  return out;
}

/**
 * Expected keep-alive pings of one connection `minutes` long on which the page sends `sends` frames at
 * independent, uniformly random times. The page pings once it has sent nothing for `idleMinutes` (the ping
 * is a frame sent, so the count starts again), so an idle stretch of g minutes brings floor(g / idleMinutes)
 * pings. Of n uniform points on [0, T], each of the n + 1 stretches (open to first send, between sends, last
 * send to close) is longer than s with probability (1 - s/T)^n; summed over the multiples of idleMinutes.
 * With no sends it is the most there can be: one ping per idleMinutes of the connection.
 */
export function expectedPings(minutes: number, sends: number, idleMinutes: number): number {
  let perStretch = 0;
  for (let k = 1; k * idleMinutes < minutes; k++) perStretch += (1 - (k * idleMinutes) / minutes) ** sends;
  return (sends + 1) * perStretch;
}

/** How often each per-chat overhead happens, per chat message. */
export function sessionShares(session: Prices['session']) {
  const perMessage = 1 / session.messagesPerChat;
  const sellerMinutesPerChat = (session.seller.shiftHours * 60) / session.seller.chatsPerShift;
  const visitorMinutesPerChat = session.visitor.connectionsPerChat * session.visitor.minutesPerConnection;
  const connectionMinutesPerChat = visitorMinutesPerChat + sellerMinutesPerChat;
  // each side sends half a chat's messages; the visitor also its InitChat (typing and read receipts, left out, would only mean fewer pings)
  const visitorSends = (session.messagesPerChat / 2 + 1) / session.visitor.connectionsPerChat;
  const chatsPerSellerConnection = session.seller.chatsPerShift / session.seller.connectionsPerShift;
  const sellerSends = chatsPerSellerConnection * (session.messagesPerChat / 2);
  const sellerMinutesPerConnection = (session.seller.shiftHours * 60) / session.seller.connectionsPerShift;
  const visitorPings = session.visitor.connectionsPerChat * expectedPings(session.visitor.minutesPerConnection, visitorSends, session.pingIntervalMinutes);
  const sellerPings = expectedPings(sellerMinutesPerConnection, sellerSends, session.pingIntervalMinutes) / chatsPerSellerConnection;
  return {
    initChat: perMessage,
    visitorConnections: session.visitor.connectionsPerChat * perMessage,
    sellerConnections: (session.seller.connectionsPerShift / session.seller.chatsPerShift) * perMessage,
    connectionMinutes: connectionMinutesPerChat * perMessage,
    /** what the model bills: each connection's idle stretches at its own send rate (expectedPings) */
    pings: (visitorPings + sellerPings) * perMessage,
    /** the most there can be, every connection minute idle: a bound for the report, not billed */
    pingsAtMost: (connectionMinutesPerChat / session.pingIntervalMinutes) * perMessage,
  };
}

/**
 * A ping API Gateway answers itself (a MOCK integration with a route response, as our deploy has):
 * its frames in and out, and nothing else, whatever the local stand-in Lambda used to answer it.
 */
export function mockPingUsage(phase: PhaseUse): Usage {
  return { ...ZERO, apiGatewayMessages: (phase.framesIn + phase.framesOut) / Math.max(1, phase.units) };
}

/**
 * Per chat message: the message itself, plus its share of the chat's InitChat, visitor connection,
 * seller connection, connection minutes and pings; then the INIT phase of the modelled cold starts.
 * `pingsByApiGateway`: the deploy answers pings with a MOCK route (mockPingUsage), not the measured Lambda.
 */
export function usagePerMessage(
  phases: Phases,
  prices: Pick<Prices, 'session' | 'lambdaInit'>,
  memory: LambdaMemory,
  unitsFrom?: Partial<Phases>,
  options: { pingsByApiGateway?: boolean } = {},
): Usage {
  const share = sessionShares(prices.session);
  let usage = perUnit(phases.message, memory, unitsFrom?.message);
  usage = addUsage(usage, perUnit(phases.initChat, memory, unitsFrom?.initChat), share.initChat);
  usage = addUsage(usage, perUnit(phases.visitorConnection, memory, unitsFrom?.visitorConnection), share.visitorConnections);
  usage = addUsage(usage, perUnit(phases.sellerConnection, memory, unitsFrom?.sellerConnection), share.sellerConnections);
  usage.connectionMinutes = share.connectionMinutes;
  if (phases.ping.units > 0) {
    const ping = options.pingsByApiGateway ? mockPingUsage(phases.ping) : perUnit(phases.ping, memory, unitsFrom?.ping);
    usage = addUsage(usage, ping, share.pings);
    usage.pings = share.pings;
  }
  usage.lambdaInitGbSeconds = usage.lambdaRequestGb * prices.lambdaInit.coldStartsPerInvocation * (prices.lambdaInit.billedMsPerColdStart / 1000);
  return usage;
}

export interface Cost {
  apiGatewayMessages: number;
  apiGatewayConnectionMinutes: number;
  lambdaRequests: number;
  lambdaCompute: number;
  lambdaInit: number;
  dynamoReads: number;
  dynamoWrites: number;
  cloudwatchLogs: number;
  total: number;
}

/** Dollars per one million chat messages. */
export function costPerMillion(usage: Usage, prices: Pick<Prices, 'aws'>, architecture: string): Cost {
  const { apiGateway, lambda, dynamodb, cloudwatchLogs } = prices.aws;
  const gbSecond = lambda.perGbSecond[architecture];
  if (gbSecond === undefined) throw new Error(`prices.json has no Lambda GB-second price for ${architecture}`);
  const million = 1e6;
  const cost = {
    apiGatewayMessages: usage.apiGatewayMessages * apiGateway.perMillionMessages,
    apiGatewayConnectionMinutes: usage.connectionMinutes * apiGateway.perMillionConnectionMinutes,
    lambdaRequests: usage.lambdaRequests * lambda.perMillionRequests,
    lambdaCompute: usage.lambdaGbSeconds * million * gbSecond,
    lambdaInit: usage.lambdaInitGbSeconds * million * gbSecond,
    dynamoReads: usage.readUnits * dynamodb.perMillionReadUnits,
    dynamoWrites: usage.writeUnits * dynamodb.perMillionWriteUnits,
    // bytes per message × 1e6 messages, in GB (10^9 bytes, as AWS bills)
    cloudwatchLogs: ((usage.logBytes * million) / 1e9) * cloudwatchLogs.perGbIngested,
  };
  return { ...cost, total: Object.values(cost).reduce((sum, value) => sum + value, 0) };
}

/** Per million chat messages on a hosted service: its price per its own message, times its messages per chat message. */
export function hostedPerMillion(hosted: Prices['hosted'][number]): number {
  return hosted.perMillionProviderMessages * hosted.providerMessagesPerChatMessage;
}
