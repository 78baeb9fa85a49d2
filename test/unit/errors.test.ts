/** What a client is told of an error: ours as they are, an outage as UNAVAILABLE with retryAfter, anything else as INTERNAL. */
import { badRequest, isTransient, publicError } from '../../lib/platform/errors';

test('throttling, 5xx answers and unreachable stores are transient; a validation failure or a bug is not', () => {
  expect(isTransient({ name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } })).toBe(true);
  expect(isTransient({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } })).toBe(true);
  expect(isTransient({ name: 'Whatever', $retryable: { throttling: true } })).toBe(true);
  expect(isTransient(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }))).toBe(true);
  expect(isTransient(new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }))).toBe(true);
  expect(isTransient({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } })).toBe(false);
  expect(isTransient(new RangeError('Maximum call stack size exceeded'))).toBe(false);
  expect(isTransient(undefined)).toBe(false);
});

test('publicError keeps ours, turns an outage into UNAVAILABLE (503, retryAfter 2) and anything else into INTERNAL', () => {
  expect(publicError(badRequest('no'))).toMatchObject({ code: 'BAD_REQUEST', message: 'no' });
  expect(publicError({ name: 'ThrottlingException' })).toMatchObject({ code: 'UNAVAILABLE', httpStatus: 503, retryAfterSeconds: 2 });
  expect(publicError(new Error('secret detail'))).toMatchObject({ code: 'INTERNAL', httpStatus: 500, message: 'internal error; the request was not completed' });
});
