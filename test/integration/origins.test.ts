/** A seller whose widget only its own shop may embed (WIDGET_ORIGINS, set by the test stack's setup). */
import { api, connect, connectSeller, expectRejected, uniqueId, wsUrl } from '../support/chat-client';

const LOCKED = 'origin-locked-seller';

describe('widget origin allow-list', () => {
  test('the listed shop page starts a chat; another page, or none, is FORBIDDEN', async () => {
    const seller = await connectSeller(LOCKED);
    const fromShop = await connect(wsUrl({ userId: uniqueId('device') }), { origin: 'https://shop.example' });
    fromShop.send({ action: 'InitChat', sellerId: LOCKED, userInfo: {} });
    expect(await fromShop.next('InitChat')).toMatchObject({ status: 'assigned', sellerId: LOCKED });

    const elsewhere = await connect(wsUrl({ userId: uniqueId('device') }), { origin: 'https://copycat.example' });
    elsewhere.send({ action: 'InitChat', sellerId: LOCKED, userInfo: {} });
    expect(await elsewhere.next('error')).toMatchObject({
      error: { code: 'FORBIDDEN', message: `the widget of ${LOCKED} may not be used from https://copycat.example` },
    });

    const noOrigin = await connect(wsUrl({ userId: uniqueId('device') }));
    noOrigin.send({ action: 'InitChat', sellerId: LOCKED, userInfo: {} });
    expect(await noOrigin.next('error')).toMatchObject({ error: { code: 'FORBIDDEN' } });

    // sellers without a list accept any page
    const open = uniqueId('seller');
    elsewhere.send({ action: 'InitChat', sellerId: open, userInfo: {} });
    expect(await elsewhere.next('InitChat')).toMatchObject({ status: 'queued' });
    await Promise.all([fromShop.close(), elsewhere.close(), noOrigin.close(), seller.close()]);
  });

  test('a widget that names its seller on the upgrade is refused there, with 403', async () => {
    expect(await expectRejected(wsUrl({ userId: uniqueId('device'), sellerId: LOCKED }), { origin: 'https://copycat.example' })).toBe(403);
    const fromShop = await connect(wsUrl({ userId: uniqueId('device'), sellerId: LOCKED }), { origin: 'https://shop.example' });
    expect(await fromShop.next('connected')).toMatchObject({ role: 'visitor' });
    await fromShop.close();
  });

  test('the REST fallback checks the same list', async () => {
    const body = { sellerId: LOCKED, message: 'hello' };
    const fromShop = await api('/sendmessage', { method: 'POST', body, headers: { origin: 'https://shop.example' } });
    expect(fromShop.status).toBe(201);
    const elsewhere = await api('/sendmessage', { method: 'POST', body, headers: { origin: 'https://copycat.example' } });
    expect(elsewhere).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const noOrigin = await api('/sendmessage', { method: 'POST', body });
    expect(noOrigin.status).toBe(403);
  });
});
