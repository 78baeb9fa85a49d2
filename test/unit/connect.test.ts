import { signSellerToken } from '../../lib/auth';
import { identifyConnection } from '../../lib/connect';
import { ChatError } from '../../lib/errors';

const secret = 'unit-test-secret';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ChatError) return error.code;
    throw error;
  }
  return 'ACCEPTED';
}

describe('identifyConnection', () => {
  test('a visitor is its deviceId', () => {
    expect(identifyConnection({ userId: 'device-1' }, secret)).toEqual({ role: 'visitor', userId: 'device-1' });
  });

  test('no userId is a 400', () => {
    expect(codeOf(() => identifyConnection({}, secret))).toBe('BAD_REQUEST');
    expect(codeOf(() => identifyConnection(undefined, secret))).toBe('BAD_REQUEST');
  });

  test('a seller needs its own valid token', () => {
    const token = signSellerToken(secret, 's1', { teams: ['t1'] });
    expect(identifyConnection({ userId: 's1', role: 'seller', token }, secret)).toEqual({
      role: 'seller',
      userId: 's1',
      teams: ['t1'],
      maxChats: undefined,
    });
    expect(codeOf(() => identifyConnection({ userId: 's1', role: 'seller' }, secret))).toBe('UNAUTHORIZED');
    expect(codeOf(() => identifyConnection({ userId: 's2', role: 'seller', token }, secret))).toBe('UNAUTHORIZED');
    expect(codeOf(() => identifyConnection({ userId: 's1', role: 'seller', token: token + 'x' }, secret))).toBe('UNAUTHORIZED');
    const otherSecret = signSellerToken('another-secret', 's1');
    expect(codeOf(() => identifyConnection({ userId: 's1', role: 'seller', token: otherSecret }, secret))).toBe('UNAUTHORIZED');
    const expired = signSellerToken(secret, 's1', { expiresInSeconds: -10 });
    expect(codeOf(() => identifyConnection({ userId: 's1', role: 'seller', token: expired }, secret))).toBe('UNAUTHORIZED');
  });

  test('an unknown role is a 400', () => {
    expect(codeOf(() => identifyConnection({ userId: 'x', role: 'admin' }, secret))).toBe('BAD_REQUEST');
  });
});
