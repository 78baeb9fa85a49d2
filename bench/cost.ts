/**
 * Cost per million chat messages, from the measured per-operation use and the dated price table.
 * Connect, disconnect and InitChat happen once per chat and are spread over its messages (prices.json `session`).
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
  };
  session: { messagesPerChat: number; connectionsPerChat: number; minutesPerConnection: number };
  hosted: { name: string; plan: string; perMillionProviderMessages: number; providerMessagesPerChatMessage: number; source: string; note: string }[];
}

/** What one measured phase used in total, and how many units of work (messages, chats, connections) it did. */
export interface PhaseUse {
  units: number;
  /** frames the clients sent: each is an inbound API Gateway message */
  framesIn: number;
  /** frames the clients received: each is an outbound API Gateway message */
  framesOut: number;
  dynamo: Counts;
  lambda: Invocations;
}

/** Billable quantities for one chat message, overheads included. */
export interface Usage {
  apiGatewayMessages: number;
  connectionMinutes: number;
  lambdaRequests: number;
  lambdaGbSeconds: number;
  readUnits: number;
  writeUnits: number;
}

function perUnit(phase: PhaseUse, memoryMb: number): Usage {
  const units = Math.max(1, phase.units);
  const dynamo = Object.values(phase.dynamo);
  const lambda = Object.values(phase.lambda);
  return {
    apiGatewayMessages: (phase.framesIn + phase.framesOut) / units,
    connectionMinutes: 0,
    lambdaRequests: lambda.reduce((sum, use) => sum + use.invocations, 0) / units,
    lambdaGbSeconds: lambda.reduce((sum, use) => sum + (use.billedMs / 1000) * (memoryMb / 1024), 0) / units,
    readUnits: dynamo.reduce((sum, op) => sum + op.readUnits, 0) / units,
    writeUnits: dynamo.reduce((sum, op) => sum + op.writeUnits, 0) / units,
  };
}

function add(a: Usage, b: Usage, times = 1): Usage {
  return {
    apiGatewayMessages: a.apiGatewayMessages + b.apiGatewayMessages * times,
    connectionMinutes: a.connectionMinutes + b.connectionMinutes * times,
    lambdaRequests: a.lambdaRequests + b.lambdaRequests * times,
    lambdaGbSeconds: a.lambdaGbSeconds + b.lambdaGbSeconds * times,
    readUnits: a.readUnits + b.readUnits * times,
    writeUnits: a.writeUnits + b.writeUnits * times,
  };
}

/** Per chat message: the message itself, plus 1/messagesPerChat of a chat's InitChat and of its connections' life. */
export function usagePerMessage(
  phases: { message: PhaseUse; initChat: PhaseUse; connection: PhaseUse },
  session: Prices['session'],
  memoryMb: number,
): Usage {
  const share = 1 / session.messagesPerChat;
  let usage = perUnit(phases.message, memoryMb);
  usage = add(usage, perUnit(phases.initChat, memoryMb), share);
  usage = add(usage, perUnit(phases.connection, memoryMb), session.connectionsPerChat * share);
  usage.connectionMinutes = session.connectionsPerChat * session.minutesPerConnection * share;
  return usage;
}

export interface Cost {
  apiGatewayMessages: number;
  apiGatewayConnectionMinutes: number;
  lambdaRequests: number;
  lambdaCompute: number;
  dynamoReads: number;
  dynamoWrites: number;
  total: number;
}

/** Dollars per one million chat messages. */
export function costPerMillion(usage: Usage, prices: Prices, architecture: string): Cost {
  const { apiGateway, lambda, dynamodb } = prices.aws;
  const gbSecond = lambda.perGbSecond[architecture];
  if (gbSecond === undefined) throw new Error(`prices.json has no Lambda GB-second price for ${architecture}`);
  const million = 1e6;
  const cost = {
    apiGatewayMessages: usage.apiGatewayMessages * apiGateway.perMillionMessages,
    apiGatewayConnectionMinutes: usage.connectionMinutes * apiGateway.perMillionConnectionMinutes,
    lambdaRequests: usage.lambdaRequests * lambda.perMillionRequests,
    lambdaCompute: usage.lambdaGbSeconds * million * gbSecond,
    dynamoReads: usage.readUnits * dynamodb.perMillionReadUnits,
    dynamoWrites: usage.writeUnits * dynamodb.perMillionWriteUnits,
  };
  return { ...cost, total: Object.values(cost).reduce((sum, value) => sum + value, 0) };
}

/** Per million chat messages on a hosted service: its price per its own message, times its messages per chat message. */
export function hostedPerMillion(hosted: Prices['hosted'][number]): number {
  return hosted.perMillionProviderMessages * hosted.providerMessagesPerChatMessage;
}
