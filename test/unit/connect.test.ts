import jwt from 'jsonwebtoken';
import { signSellerToken } from '../../lib/access/tokens';
import { identifyConnection } from '../../lib/access/connecting';
import { ChatError } from '../../lib/platform/errors';
import { hs256Verifier } from '../../lib/access/seller-tokens';

const secret = 'unit-test-secret';
const sellers = hs256Verifier(secret);

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ChatError) return error.code;
    throw error;
  }
  return 'ACCEPTED';
}

describe('identifyConnection', () => {
  test('a visitor is its deviceId', async () => {
    expect(await identifyConnection({ userId: 'device-1' }, sellers)).toEqual({ role: 'visitor', userId: 'device-1' });
  });

  test('no userId is a 400', async () => {
    expect(await codeOf(() => identifyConnection({}, sellers))).toBe('BAD_REQUEST');
    expect(await codeOf(() => identifyConnection(undefined, sellers))).toBe('BAD_REQUEST');
  });

  test('a seller needs its own valid token', async () => {
    const token = signSellerToken(secret, 's1', { teams: ['t1'] });
    expect(await identifyConnection({ userId: 's1', role: 'seller', token }, sellers)).toEqual({
      role: 'seller',
      userId: 's1',
      teams: ['t1'],
      maxChats: undefined,
    });
    expect(await codeOf(() => identifyConnection({ userId: 's1', role: 'seller' }, sellers))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => identifyConnection({ userId: 's2', role: 'seller', token }, sellers))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => identifyConnection({ userId: 's1', role: 'seller', token: token + 'x' }, sellers))).toBe('UNAUTHORIZED');
    const otherSecret = signSellerToken('another-secret', 's1');
    expect(await codeOf(() => identifyConnection({ userId: 's1', role: 'seller', token: otherSecret }, sellers))).toBe('UNAUTHORIZED');
    const expired = signSellerToken(secret, 's1', { expiresInSeconds: -10 });
    expect(await codeOf(() => identifyConnection({ userId: 's1', role: 'seller', token: expired }, sellers))).toBe('UNAUTHORIZED');
  });

  test('a token for another audience or not valid yet is refused', async () => {
    const base = { role: 'seller', sub: 's1' };
    const otherAudience = jwt.sign(base, secret, { algorithm: 'HS256', issuer: 'seller-chat', audience: 'another-service', expiresIn: 60 });
    const notYet = jwt.sign(base, secret, { algorithm: 'HS256', issuer: 'seller-chat', audience: 'seller-chat', notBefore: 600, expiresIn: 3600 });
    const valid = jwt.sign(base, secret, { algorithm: 'HS256', issuer: 'seller-chat', audience: 'seller-chat', expiresIn: 60 });
    expect(await codeOf(() => identifyConnection({ userId: 's1', role: 'seller', token: otherAudience }, sellers))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => identifyConnection({ userId: 's1', role: 'seller', token: notYet }, sellers))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => identifyConnection({ userId: 's1', role: 'seller', token: valid }, sellers))).toBe('ACCEPTED');
  });

  test('an unknown role is a 400', async () => {
    expect(await codeOf(() => identifyConnection({ userId: 'x', role: 'admin' }, sellers))).toBe('BAD_REQUEST');
  });
});
