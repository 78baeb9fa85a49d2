/** Hardening item 8: the REST fallback checks the widget origins of the chat the message lands in, not of the `sellerId` the body names. */
import { api, uniqueId } from '../../support/chat-client';
import type { RestSendAnswer } from '../../../lib/protocol/views';

const LOCKED = 'origin-locked-seller';
const SHOP = { origin: 'https://shop.example' };

describe('REST origins', () => {
  test('a message into a locked chat from another page is FORBIDDEN, however the body names an unlocked seller', async () => {
    const started = await api<RestSendAnswer>('/sendmessage', { method: 'POST', body: { sellerId: LOCKED, message: 'from the shop' }, headers: SHOP });
    expect(started.status).toBe(201);
    const token = started.body.visitorToken as string;

    const disguised = await api('/sendmessage', {
      method: 'POST',
      token,
      body: { sellerId: uniqueId('unlocked-seller'), message: 'from a copycat page' },
      headers: { origin: 'https://copycat.example' },
    });
    expect(disguised).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: `the widget of ${LOCKED} may not be used from https://copycat.example` } } });

    const fromShop = await api('/sendmessage', { method: 'POST', token, body: { sellerId: LOCKED, message: 'again from the shop' }, headers: SHOP });
    expect(fromShop).toMatchObject({ status: 201, body: { seq: 2 } });
  });
});
