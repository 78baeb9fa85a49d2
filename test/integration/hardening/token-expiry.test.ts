/** Hardening item 9: a token or ticket without `exp`, correctly signed, opens nothing. */
import { createHmac } from 'node:crypto';
import { api, expectRejected, uniqueId, wsUrl, type ErrorBody } from '../../support/chat-client';

/** A token signed with the stack's secret, as ours are, but with no `exp` claim. */
function signedWithoutExpiry(claims: Record<string, unknown>): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ ...claims, iat: Math.floor(Date.now() / 1000), iss: 'seller-chat', aud: 'seller-chat' })).toString('base64url');
  const body = `${header}.${payload}`;
  const secret = (process.env.CHAT_TOKEN_SECRET as string).split(/\s+/)[0] as string;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

describe('tokens without an expiry', () => {
  test('a seller token, a visitor session and a connect ticket without exp are refused 401', async () => {
    const sellerId = uniqueId('seller');
    const sellerToken = signedWithoutExpiry({ role: 'seller', sub: sellerId });
    expect(await expectRejected(wsUrl({ userId: sellerId, role: 'seller', token: sellerToken }))).toBe(401);
    const list = await api('/v1/contacts?status=assigned', { token: sellerToken });
    expect(list).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'token without expiry' } } });

    const session = signedWithoutExpiry({ role: 'visitor-session', sub: 'vs.never-expires' });
    const ticket = await api<ErrorBody>('/v1/connect-tickets', { method: 'POST', token: session });
    expect(ticket).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    expect(ticket.body.error.message).toContain('without expiry');

    const forever = signedWithoutExpiry({ role: 'connect-ticket', sub: 'vs.never-expires', as: 'visitor', seq: Date.now() * 1000 });
    expect(await expectRejected(wsUrl({ ticket: forever }))).toBe(401);
  });
});
