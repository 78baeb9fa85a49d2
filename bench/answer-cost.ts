/**
 * What one answer of the shop's assistant costs on AWS with a Bedrock model: the model's tokens at
 * the prices entered by hand in prices.json (aws.bedrock, with their date), and around them what the
 * bench measured or the design fixes: the answering function's invoke and run, the frames it pushes,
 * and its DynamoDB requests. The prompt's size comes from the real prompt builder over the demo
 * knowledge, at about 4 characters a token (a rule of thumb for English text, stated as such).
 */
import { buildConversePrompt } from '../lib/answering/prompt';
import type { RankedPassage } from '../lib/knowledge/passage';

export interface BedrockModelPrice {
  name: string;
  modelId: string;
  inputPerMillionTokens: number;
  outputPerMillionTokens: number;
}

export interface AnswerCostInputs {
  /** frames per answer (measured: deltas and the stored message) */
  framesPerAnswer: number;
  /** DynamoDB per answer: write and read units (the design: the limits' claim, the seq, the message; the context read, the connections) */
  writeUnits: number;
  readUnits: number;
  /** the answering function: its memory and a model answer's duration (a model streams for seconds; the function waits) */
  memoryMb: number;
  secondsPerAnswer: number;
  inputTokens: number;
  outputTokens: number;
}

export interface AwsPrices {
  apiGateway: { perMillionMessages: number };
  lambda: { perMillionRequests: number; perGbSecond: { arm64: number } };
  dynamodb: { perMillionWriteUnits: number; perMillionReadUnits: number };
}

const CHARS_PER_TOKEN = 4;

/** Input tokens of a typical question: the system prompt, a 10-message context and five passages as document blocks. */
export function promptTokens(passages: RankedPassage[], question: string): number {
  const history = Array.from({ length: 10 }, (_, i) => ({
    role: i % 2 ? ('assistant' as const) : ('user' as const),
    text: 'A message of the chat so far, about twenty words long, as visitors and sellers write them in a shop chat.',
  }));
  const prompt = buildConversePrompt({ question, history, passages, queryTerms: [] });
  return Math.ceil(JSON.stringify(prompt).length / CHARS_PER_TOKEN);
}

/** Dollars per answer, split so the table shows what the model costs beside what the service does. */
export function answerCost(inputs: AnswerCostInputs, aws: AwsPrices, model: BedrockModelPrice) {
  const model$ = (inputs.inputTokens * model.inputPerMillionTokens + inputs.outputTokens * model.outputPerMillionTokens) / 1e6;
  const frames$ = (inputs.framesPerAnswer * aws.apiGateway.perMillionMessages) / 1e6;
  const dynamo$ = (inputs.writeUnits * aws.dynamodb.perMillionWriteUnits + inputs.readUnits * aws.dynamodb.perMillionReadUnits) / 1e6;
  const lambda$ = aws.lambda.perMillionRequests / 1e6 + (inputs.memoryMb / 1024) * inputs.secondsPerAnswer * aws.lambda.perGbSecond.arm64;
  return { modelUsd: model$, serviceUsd: frames$ + dynamo$ + lambda$, totalUsd: model$ + frames$ + dynamo$ + lambda$ };
}
