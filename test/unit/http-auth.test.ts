import { signSellerToken, signVisitorToken } from '../../lib/auth';
import { canSee } from '../../lib/access';
import type { Contact } from '../../lib/contacts';
import { ChatError } from '../../lib/errors';
import { authenticate, requireSeller, requireVisitor } from '../../lib/http-auth';

const secret = 'unit-test-secret';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ChatError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'ACCEPTED';
}

describe('authenticate', () => {
  test('a seller token names the seller and its teams; a visitorToken its device and chat', () => {
    expect(authenticate(bearer(signSellerToken(secret, 's1', { teams: ['t1'] })), secret)).toEqual({ role: 'seller', sellerId: 's1', teams: ['t1'] });
    expect(authenticate(bearer(signVisitorToken(secret, { deviceId: 'd1', contactId: 'c1' }, 60)), secret)).toEqual({
      role: 'visitor',
      deviceId: 'd1',
      contactId: 'c1',
    });
  });

  test('no token, garbage, another secret and an expired token are UNAUTHORIZED with the reason', () => {
    expect(codeOf(() => authenticate({}, secret))).toBe('UNAUTHORIZED: an Authorization: Bearer token is required');
    expect(codeOf(() => authenticate(bearer('garbage'), secret))).toBe('UNAUTHORIZED: token invalid');
    expect(codeOf(() => authenticate(bearer(signSellerToken('other', 's1')), secret))).toBe('UNAUTHORIZED: token invalid');
    expect(codeOf(() => authenticate(bearer(signSellerToken(secret, 's1', { expiresInSeconds: -5 })), secret))).toBe('UNAUTHORIZED: token expired');
    expect(codeOf(() => authenticate({ authorization: 'Basic abc' }, secret))).toMatch(/^UNAUTHORIZED/);
  });

  test('the wrong kind of token for a route is FORBIDDEN', () => {
    const visitor = authenticate(bearer(signVisitorToken(secret, { deviceId: 'd1', contactId: 'c1' }, 60)), secret);
    const seller = authenticate(bearer(signSellerToken(secret, 's1')), secret);
    expect(codeOf(() => requireSeller(visitor))).toMatch(/^FORBIDDEN/);
    expect(codeOf(() => requireVisitor(seller))).toMatch(/^FORBIDDEN/);
  });
});

describe('canSee', () => {
  const contact = (over: Partial<Contact>): Contact => ({
    contactId: 'c1',
    visitorId: 'd1',
    visitorInfo: {},
    target: 'team-1',
    status: 'assigned',
    createdAt: 't',
    lastActivityAt: 't',
    nextSeq: 0,
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
