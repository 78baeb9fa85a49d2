import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { ChatError } from '../../lib/platform/errors';
import { jwksVerifier } from '../../lib/access/seller-tokens';

describe('JWKS seller tokens (a Cognito-style issuer on loopback)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'key-1', use: 'sig', alg: 'RS256' };
  const issuer = 'https://issuer.test/pool';
  let server: Server;
  let jwksUrl: string;
  let fetches = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      fetches++;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const sign = (claims: Record<string, unknown>, options: jwt.SignOptions = {}) =>
    jwt.sign(claims, privateKey, { algorithm: 'RS256', keyid: 'key-1', issuer, audience: 'seller-app', expiresIn: 600, ...options });

  async function refusal(verifier: ReturnType<typeof jwksVerifier>, token: string): Promise<string> {
    try {
      await verifier.verify(token);
    } catch (error) {
      if (error instanceof ChatError) return `${error.code}: ${error.message}`;
      throw error;
    }
    return 'accepted';
  }

  test('a valid token names the seller and its groups as teams; keys are fetched once and cached', async () => {
    const verifier = jwksVerifier({ jwksUrl, issuer, audience: 'seller-app' });
    const token = sign({ sub: 'seller-7', 'cognito:groups': ['sales', 'support'] });
    await expect(verifier.verify(token)).resolves.toEqual({ sellerId: 'seller-7', teams: ['sales', 'support'] });
    await verifier.verify(token);
    expect(fetches).toBe(1);
  });

  test('expired, not yet valid, wrong audience, wrong issuer, unknown key and HS256 tokens are refused', async () => {
    const verifier = jwksVerifier({ jwksUrl, issuer, audience: 'seller-app' });
    expect(await refusal(verifier, sign({ sub: 's' }, { expiresIn: -10 }))).toBe('UNAUTHORIZED: token expired');
    expect(await refusal(verifier, sign({ sub: 's' }, { notBefore: 3600 }))).toBe('UNAUTHORIZED: token invalid');
    expect(await refusal(verifier, sign({ sub: 's' }, { audience: 'other-app' }))).toBe('UNAUTHORIZED: token invalid');
    expect(await refusal(verifier, sign({ sub: 's' }, { issuer: 'https://evil.test' }))).toBe('UNAUTHORIZED: token invalid');
    expect(await refusal(verifier, sign({ sub: 's' }, { keyid: 'key-2' }))).toBe('UNAUTHORIZED: token signed by an unknown key');
    const hs256 = jwt.sign({ sub: 's' }, 'guessable', { algorithm: 'HS256', keyid: 'key-1', issuer, audience: 'seller-app' });
    expect(await refusal(verifier, hs256)).toBe('UNAUTHORIZED: token invalid');
    expect(await refusal(verifier, 'not-a-jwt')).toBe('UNAUTHORIZED: token invalid');
  });

  test('the seller id and teams claims are configurable', async () => {
    const verifier = jwksVerifier({ jwksUrl, issuer, audience: 'seller-app', sellerIdClaim: 'custom:sellerId', teamsClaim: 'teams' });
    const token = sign({ sub: 'user-uuid', 'custom:sellerId': 'shop-42', teams: ['t1'] });
    await expect(verifier.verify(token)).resolves.toEqual({ sellerId: 'shop-42', teams: ['t1'] });
  });
});
