/**
 * The one fake of the API Gateway management API for unit tests. It records every PostToConnection
 * call (the connection, the frame, the status it answered) and answers 200 unless told otherwise:
 * for a connection (its next calls, or every call) or for the n-th call of all.
 *
 * Two ways in, one script:
 * - `client`: stands in for the SDK client (what lib/realtime/delivery.ts is given); a refused call
 *   throws the SDK's own exception for that status (GoneException for 410, ...), at once.
 * - `sdkClient()`: a real ApiGatewayManagementApiClient whose HTTP handler is this fake, for tests
 *   of what the SDK itself does with the answers (its retries); the SDK parses the answer.
 */
import { Readable } from 'node:stream';
import {
  ApiGatewayManagementApiClient,
  ApiGatewayManagementApiServiceException,
  ForbiddenException,
  GoneException,
  LimitExceededException,
  PayloadTooLargeException,
  type ApiGatewayManagementApiClientConfig,
  type PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { ManagementClient } from '../../lib/realtime/delivery';

/** What a call answers: a named outcome or an HTTP status. */
export type Answer = 'ok' | 'gone' | 'throttled' | 'forbidden' | 'fail' | number;

const STATUS: Record<Exclude<Answer, number>, number> = { ok: 200, gone: 410, throttled: 429, forbidden: 403, fail: 500 };

/** The error type API Gateway names in `x-amzn-errortype` for a status (a 5xx names none). */
const ERROR_TYPE: Record<number, string> = { 403: 'ForbiddenException', 410: 'GoneException', 413: 'PayloadTooLargeException', 429: 'LimitExceededException' };

/** The message of every refused call: a test can expect it exactly. */
export const refusalMessage = (status: number) => `management API answered ${status} (fake)`;

export interface ManagementCall {
  connectionId: string;
  frame: unknown;
  status: number;
}

/** The exception the SDK throws for `status` (as its deserializer builds it from API Gateway's answer). */
export function managementError(status: number): ApiGatewayManagementApiServiceException {
  const options = { message: refusalMessage(status), $metadata: { httpStatusCode: status, attempts: 1 } };
  switch (status) {
    case 403:
      return new ForbiddenException(options);
    case 410:
      return new GoneException(options);
    case 413:
      return new PayloadTooLargeException(options);
    case 429:
      return new LimitExceededException(options);
    default:
      return new ApiGatewayManagementApiServiceException({ ...options, name: 'Unknown', $fault: status >= 500 ? 'server' : 'client' });
  }
}

export function fakeManagementApi() {
  /** Every call, in order, refused or not. */
  const calls: ManagementCall[] = [];
  /** The calls answered 200, in order: what the connections got. */
  const posts: { connectionId: string; frame: unknown }[] = [];
  const byCall = new Map<number, Answer>(); // 1-based call number → answer
  const nextFor = new Map<string, Answer[]>(); // connection → answers of its next calls
  const alwaysFor = new Map<string, Answer>(); // connection → answer of every call

  const statusOf = (answer: Answer) => (typeof answer === 'number' ? answer : STATUS[answer]);

  /** Records the call and says what it answers. */
  const take = (connectionId: string, frame: unknown): number => {
    const number = calls.length + 1;
    const answer = byCall.get(number) ?? nextFor.get(connectionId)?.shift() ?? alwaysFor.get(connectionId) ?? 'ok';
    const status = statusOf(answer);
    calls.push({ connectionId, frame, status });
    if (status === 200) posts.push({ connectionId, frame });
    return status;
  };

  const parse = (data: Uint8Array | string | undefined) => JSON.parse(Buffer.from(data ?? '').toString('utf8')) as unknown;

  const client: ManagementClient = {
    send: (async (command: PostToConnectionCommand) => {
      const status = take(command.input.ConnectionId as string, parse(command.input.Data as Uint8Array));
      if (status !== 200) throw managementError(status);
      return { $metadata: { httpStatusCode: 200 } };
    }) as ManagementClient['send'],
  };

  /** The SDK's request-handler seam: every attempt of a real client lands here instead of on the network. */
  const requestHandler = {
    handle: async (request: { path: string; body?: Uint8Array | string }) => {
      const connectionId = decodeURIComponent(request.path.replace(/^.*\/@connections\//, ''));
      const status = take(connectionId, parse(request.body));
      const type = ERROR_TYPE[status];
      const body = Readable.from([Buffer.from(status === 200 ? '' : JSON.stringify({ message: refusalMessage(status) }))]);
      return { response: { statusCode: status, headers: { 'content-type': 'application/json', ...(type ? { 'x-amzn-errortype': type } : {}) }, body } };
    },
  };

  const api = {
    client,
    /** Every call, in order, refused or not (live: it grows as calls come). */
    calls,
    /** The calls answered 200, in order: what the connections got (live too). */
    posts,
    /** The frames `connectionId` got, in order. */
    framesTo(connectionId: string): unknown[] {
      return posts.filter((post) => post.connectionId === connectionId).map((post) => post.frame);
    },
    /** The next calls to `connectionId` answer these, in order; later ones answer as before. */
    answerNext(connectionId: string, ...answers: Answer[]) {
      nextFor.set(connectionId, [...(nextFor.get(connectionId) ?? []), ...answers]);
      return api;
    },
    /** Every call to `connectionId` answers `answer` (unless a call-number or next-call answer says otherwise). */
    answerAlways(connectionId: string, answer: Answer) {
      alwaysFor.set(connectionId, answer);
      return api;
    },
    /** The n-th call of all (counting from 1, whatever its connection) answers `answer`. */
    answerCall(n: number, answer: Answer) {
      byCall.set(n, answer);
      return api;
    },
    /** The next calls of all, whatever their connection, answer these, in order. */
    answerNextCalls(...answers: Answer[]) {
      answers.forEach((answer, i) => byCall.set(calls.length + 1 + i, answer));
      return api;
    },
    /** A real SDK client over this fake (its retry strategy and error parsing are the SDK's). */
    sdkClient(config: Pick<ApiGatewayManagementApiClientConfig, 'maxAttempts'> = {}) {
      return new ApiGatewayManagementApiClient({
        endpoint: 'http://management.test',
        region: 'us-east-1',
        credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' },
        ...config,
        requestHandler: requestHandler as unknown as ApiGatewayManagementApiClientConfig['requestHandler'],
      });
    },
  };
  return api;
}

export type FakeManagementApi = ReturnType<typeof fakeManagementApi>;
