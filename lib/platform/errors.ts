export const ERROR_CODES = ['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'LIMIT_EXCEEDED', 'UNAVAILABLE', 'INTERNAL'] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  LIMIT_EXCEEDED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** An error whose message is safe to show to the client. */
export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** seconds the client should wait before trying again (RATE_LIMITED, UNAVAILABLE) */
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
export const rateLimited = (message: string, retryAfterSeconds: number) => new ChatError('RATE_LIMITED', message, retryAfterSeconds);
export const limitExceeded = (message: string) => new ChatError('LIMIT_EXCEEDED', message);
export const unavailable = (message: string) => new ChatError('UNAVAILABLE', message, UNAVAILABLE_RETRY_SECONDS);

/** Seconds a client waits before retrying a request a store outage refused. */
export const UNAVAILABLE_RETRY_SECONDS = 2;

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/**
 * True for a failure that a retry may not meet: the SDK's retryable errors (throttling, a 5xx)
 * after its own retries ran out, and a store that could not be reached at all.
 */
export function isTransient(error: unknown): boolean {
  const failure = error as { name?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number }; cause?: unknown } | undefined;
  if (!failure || typeof failure !== 'object') return false;
  if (failure.$retryable || TRANSIENT_NAMES.has(failure.name ?? '') || TRANSIENT_CODES.has(failure.code ?? '')) return true;
  if ((failure.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return failure.cause !== undefined && failure.cause !== error && isTransient(failure.cause);
}

/**
 * Client-facing view of any error: ours pass their message; a transient failure of a dependency
 * becomes UNAVAILABLE with retryAfter, so a client tells an outage from a bug; anything else is a
 * generic INTERNAL.
 */
export function publicError(error: unknown): ChatError {
  if (error instanceof ChatError) return error;
  if (isTransient(error)) {
    return new ChatError('UNAVAILABLE', `the service is briefly unavailable; try again in ${UNAVAILABLE_RETRY_SECONDS} s`, UNAVAILABLE_RETRY_SECONDS);
  }
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
