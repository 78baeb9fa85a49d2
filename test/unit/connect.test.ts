import jwt from 'jsonwebtoken';
import { signConnectTicket, signSellerToken, signVisitorSession, type TicketHolder } from '../../lib/access/tokens';
import { identifyConnection } from '../../lib/access/connecting';
import { grantConnectTicket } from '../../lib/access/connect-tickets';
import { ChatError } from '../../lib/platform/errors';
import { hs256Verifier } from '../../lib/access/seller-tokens';
import { customerSignature, holdsVisitorSession } from '../../lib/access/visitor-sessions';

const secret = 'unit-test-secret';

const sellers = { sellerTokens: hs256Verifier(secret), ticketSecret: secret };
const settings = { connectTicketTtlSeconds: 60, visitorSessionTtlSeconds: 3600 };

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

  test('a deviceId may not claim the namespace of server-issued visitor ids', async () => {
    expect(await codeOf(() => identifyConnection({ userId: 'vs.AAAAAAAAAAAAAAAAAAAAAA' }, sellers))).toBe('BAD_REQUEST');
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

describe('connect tickets', () => {
  const grant = (credential?: string) => grantConnectTicket({ secret, sellerTokens: sellers.sellerTokens, settings }, credential);

  test('no credential: a new visitor session and a ticket for it; the session buys tickets for the same visitor', async () => {
    const first = await grant();
    expect(first.holder.role).toBe('visitor');
    expect(holdsVisitorSession(first.holder)).toBe(true);
    expect(first.visitorSession).toEqual(expect.any(String));
    const again = await grant(first.visitorSession);
    expect(again.holder).toEqual(first.holder);
    expect(again.ticket).not.toBe(first.ticket);
    const other = await grant();
    expect(other.holder.userId).not.toBe(first.holder.userId);
  });

  test('a seller token buys a seller ticket with its teams; a visitorToken, a ticket or a forged session buys nothing', async () => {
    const seller = await grant(signSellerToken(secret, 's1', { teams: ['t1'], maxChats: 3 }));
    expect(seller.holder).toEqual({ role: 'seller', userId: 's1', teams: ['t1'], maxChats: 3 });
    expect(seller.visitorSession).toBeUndefined();
    const visitorToken = jwt.sign({ role: 'visitor', sub: 'd', cid: 'c' }, secret, { algorithm: 'HS256', issuer: 'seller-chat', audience: 'seller-chat', expiresIn: 60 });
    expect(await codeOf(() => grant(visitorToken))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => grant(seller.ticket))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => grant(signVisitorSession('another-secret', 'vs.x', 60)))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => grant(signVisitorSession(secret, 'vs.x', -5)))).toBe('UNAUTHORIZED');
  });

  test("a shop's signed customer is the same visitor on every device; a wrong signature or an unsigned shop is refused", async () => {
    const customerSecrets = { shop: 'a-shop-secret-of-length' };
    const signed = (customerId: string, signature = customerSignature(customerSecrets.shop, customerId)) =>
      grantConnectTicket({ secret, sellerTokens: sellers.sellerTokens, settings, customerSecrets }, undefined, { sellerId: 'shop', customerId, signature });
    const laptop = await signed('customer-7');
    const phone = await signed('customer-7');
    expect(phone.holder).toEqual(laptop.holder);
    expect(holdsVisitorSession(laptop.holder)).toBe(true);
    expect((await signed('customer-8')).holder.userId).not.toBe(laptop.holder.userId);
    expect(await codeOf(() => signed('customer-7', customerSignature('guessed-secret', 'customer-7')))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => signed('customer-7', customerSignature(customerSecrets.shop, 'customer-8')))).toBe('UNAUTHORIZED');
    const unsigned = { sellerId: 'other-shop', customerId: 'c', signature: customerSignature(customerSecrets.shop, 'c') };
    expect(await codeOf(() => grantConnectTicket({ secret, sellerTokens: sellers.sellerTokens, settings, customerSecrets }, undefined, unsigned))).toBe('BAD_REQUEST');
  });

  test("a ticket says who connects and carries its seq for the registration to redeem; forged, expired or another identity's is a 401", async () => {
    // that a ticket opens only one socket is the registration's conditional write: visitor-sessions.test.ts
    const deps = sellers;
    const visitor = await grant();
    const first = await identifyConnection({ ticket: visitor.ticket }, deps);
    expect(first).toEqual({ ...visitor.holder, ticketSeq: expect.any(Number) });
    const later = await identifyConnection({ ticket: (await grant(visitor.visitorSession)).ticket }, deps);
    expect(later.ticketSeq).toBeGreaterThan(first.ticketSeq as number);

    const holder: TicketHolder = { role: 'seller', userId: 's1', teams: ['t1'] };
    expect(await identifyConnection({ ticket: signConnectTicket(secret, holder, 60) }, deps)).toEqual({ ...holder, ticketSeq: expect.any(Number) });
    expect(await codeOf(() => identifyConnection({ ticket: signConnectTicket(secret, holder, -1) }, deps))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => identifyConnection({ ticket: signConnectTicket('another-secret', holder, 60) }, deps))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => identifyConnection({ ticket: signSellerToken(secret, 's1') }, deps))).toBe('UNAUTHORIZED');
    const someoneElse = await grant();
    expect(await codeOf(() => identifyConnection({ ticket: someoneElse.ticket, userId: 'victim' }, deps))).toBe('UNAUTHORIZED');
  });
});

describe('rotating the token secret', () => {
  test('tokens are signed with the first key and accepted under any key listed, so a rotation signs nobody out', async () => {
    const oldKey = 'old-key-0123456789';
    const newKey = 'new-key-9876543210';
    const beforeRotation = signSellerToken(oldKey, 's1');
    const during = `${newKey} ${oldKey}`;
    const deps = { sellerTokens: hs256Verifier(during), ticketSecret: during };
    expect(await identifyConnection({ userId: 's1', role: 'seller', token: beforeRotation }, deps)).toMatchObject({ userId: 's1' });
    const afterRotation = signSellerToken(during, 's1');
    // signed with the new key alone: still valid once the old key is dropped
    expect(await identifyConnection({ userId: 's1', role: 'seller', token: afterRotation }, { sellerTokens: hs256Verifier(newKey), ticketSecret: newKey })).toMatchObject({
      userId: 's1',
    });
    expect(await codeOf(() => identifyConnection({ userId: 's1', role: 'seller', token: beforeRotation }, { sellerTokens: hs256Verifier(newKey), ticketSecret: newKey }))).toBe(
      'UNAUTHORIZED',
    );
  });
});
