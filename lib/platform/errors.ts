export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'LIMIT_EXCEEDED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  LIMIT_EXCEEDED: 429,
  INTERNAL: 500,
};

/** An error whose message is safe to show to the client. */
export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** seconds the client should wait before trying again (RATE_LIMITED) */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ChatError';
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export const badRequest = (message: string) => new ChatError('BAD_REQUEST', message);
export const unauthorized = (message: string) => new ChatError('UNAUTHORIZED', message);
export const forbidden = (message: string) => new ChatError('FORBIDDEN', message);
export const notFound = (message: string) => new ChatError('NOT_FOUND', message);
export const payloadTooLarge = (message: string) => new ChatError('PAYLOAD_TOO_LARGE', message);
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new ChatError('RATE_LIMITED', message, retryAfterSeconds);
export const limitExceeded = (message: string) => new ChatError('LIMIT_EXCEEDED', message);

/** Client-facing view of any error: ours pass their message, anything else becomes a generic INTERNAL. */
export function publicError(error: unknown): ChatError {
  if (error instanceof ChatError) return error;
  return new ChatError('INTERNAL', 'internal error; the request was not completed');
}

/** DynamoDB's answer to a failed ConditionExpression, whichever SDK layer reports it. */
export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

/** Runs a conditional write; undefined instead of an error when its condition did not hold. */
export async function unlessConditionFails<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
