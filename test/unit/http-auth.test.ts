import { signSellerToken, signVisitorToken } from '../../lib/access/tokens';
import { canSee } from '../../lib/chat/visibility';
import type { Chat } from '../../lib/model/chat';
import { ChatError } from '../../lib/platform/errors';
import { authenticate, requireSeller, requireVisitor } from '../../lib/access/callers';
import { hs256Verifier } from '../../lib/access/seller-tokens';

const secret = 'unit-test-secret';
const sellers = hs256Verifier(secret);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function codeOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ChatError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'ACCEPTED';
}

describe('authenticate', () => {
  test('a seller token names the seller and its teams; a visitorToken its device and chat', async () => {
    expect(await authenticate(bearer(signSellerToken(secret, 's1', { teams: ['t1'] })), secret, sellers)).toEqual({ role: 'seller', sellerId: 's1', teams: ['t1'] });
    expect(await authenticate(bearer(signVisitorToken(secret, { deviceId: 'vs.d1', contactId: 'c1' }, 60)), secret, sellers)).toEqual({
      role: 'visitor',
      deviceId: 'vs.d1',
      contactId: 'c1',
    });
  });

  test('a visitorToken that names a deviceId (not an issued visitor) is UNAUTHORIZED', async () => {
    expect(await codeOf(() => authenticate(bearer(signVisitorToken(secret, { deviceId: 'd1', contactId: 'c1' }, 60)), secret, sellers))).toBe(
      "UNAUTHORIZED: a device session's visitorToken is no longer accepted; start a visitor session",
    );
  });

  test('no token, garbage, another secret and an expired token are UNAUTHORIZED with the reason', async () => {
    expect(await codeOf(() => authenticate({}, secret, sellers))).toBe('UNAUTHORIZED: an Authorization: Bearer token is required');
    expect(await codeOf(() => authenticate(bearer('garbage'), secret, sellers))).toBe('UNAUTHORIZED: token invalid');
    expect(await codeOf(() => authenticate(bearer(signSellerToken('other', 's1')), secret, sellers))).toBe('UNAUTHORIZED: token invalid');
    expect(await codeOf(() => authenticate(bearer(signSellerToken(secret, 's1', { expiresInSeconds: -5 })), secret, sellers))).toBe('UNAUTHORIZED: token expired');
    expect(await codeOf(() => authenticate({ authorization: 'Basic abc' }, secret, sellers))).toMatch(/^UNAUTHORIZED/);
  });

  test('the wrong kind of token for a route is FORBIDDEN', async () => {
    const visitor = await authenticate(bearer(signVisitorToken(secret, { deviceId: 'vs.d1', contactId: 'c1' }, 60)), secret, sellers);
    const seller = await authenticate(bearer(signSellerToken(secret, 's1')), secret, sellers);
    expect(await codeOf(() => requireSeller(visitor))).toMatch(/^FORBIDDEN/);
    expect(await codeOf(() => requireVisitor(seller))).toMatch(/^FORBIDDEN/);
  });
});

describe('authenticate with an identity provider', () => {
  test('a token without our visitor role goes to the configured seller verifier', async () => {
    const provider = { verify: async (token: string) => ({ sellerId: `seller-of-${token.length}`, teams: ['team-9'] }) };
    const idpToken = signSellerToken('the-providers-key', 'ignored');
    expect(await authenticate(bearer(idpToken), secret, provider)).toEqual({ role: 'seller', sellerId: `seller-of-${idpToken.length}`, teams: ['team-9'] });
    // a visitorToken is still ours, checked with our secret
    const visitorToken = signVisitorToken(secret, { deviceId: 'vs.d1', contactId: 'c1' }, 60);
    expect(await authenticate(bearer(visitorToken), secret, provider)).toMatchObject({ role: 'visitor', deviceId: 'vs.d1' });
  });
});

describe('canSee', () => {
  const contact = (over: Partial<Chat>): Chat => ({
    contactId: 'c1',
    visitorId: 'd1',
    visitorInfo: {},
    target: 'team-1',
    status: 'assigned',
    createdAt: 't',
    lastActivityAt: 't',
    lastSeq: 0,
    ...over,
  });
  const seller = (sellerId: string, teams: string[] = []) => ({ role: 'seller' as const, sellerId, teams });

  test('a seller sees its chats, open or ended, and the queued chats of its queues only', () => {
    expect(canSee(seller('s1'), contact({ sellerId: 's1' }))).toBe(true);
    expect(canSee(seller('s1'), contact({ sellerId: 's1', status: 'ended' }))).toBe(true);
    expect(canSee(seller('s2'), contact({ sellerId: 's1' }))).toBe(false);
    expect(canSee(seller('s2', ['team-1']), contact({ status: 'queued', queueKey: 'team-1' }))).toBe(true);
    expect(canSee(seller('s2', ['team-2']), contact({ status: 'queued', queueKey: 'team-1' }))).toBe(false);
    // a team member does not see a teammate's assigned chat
    expect(canSee(seller('s2', ['team-1']), contact({ sellerId: 's1' }))).toBe(false);
  });

  test('a visitor sees the chats of its own device only', () => {
    expect(canSee({ role: 'visitor', deviceId: 'd1', contactId: 'c9' }, contact({}))).toBe(true);
    expect(canSee({ role: 'visitor', deviceId: 'd2', contactId: 'c1' }, contact({}))).toBe(false);
  });
});
