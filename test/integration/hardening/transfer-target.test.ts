/** Hardening item 6: a transfer to a seller or team nobody knows is refused with the field named, and the chat stays. */
import { api, connectSeller, connectVisitor, sellerToken, uniqueId, type ErrorBody } from '../../support/chat-client';
import { contactRow, initChat } from '../../support/chat-stories';

describe('transfer targets', () => {
  test('an unknown seller or team is 400 naming the field; the chat stays assigned to its seller', async () => {
    const sellerId = uniqueId('seller');
    const seller = await connectSeller(sellerId);
    const visitor = await connectVisitor(uniqueId('device'));
    const chat = await initChat(visitor, sellerId);
    const transfer = (body: Record<string, string>) => api<ErrorBody>(`/v1/contacts/${chat.contact_id}/transfer`, { method: 'POST', token: sellerToken(sellerId), body });

    const typo = await transfer({ toSellerId: 'no-such-seller-typo' });
    expect(typo).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    expect(typo.body.error.message).toMatch(/^toSellerId: no seller "no-such-seller-typo" is known here/);
    const team = await transfer({ toTeamId: uniqueId('no-such-team') });
    expect(team.body.error.message).toMatch(/^toTeamId: no team "no-such-team-\w+" is known here/);
    expect(await contactRow(chat.contact_id)).toMatchObject({ status: 'assigned', sellerId });

    // a seller who has connected once is known, online or not
    const colleague = uniqueId('seller');
    await (await connectSeller(colleague)).close();
    expect((await transfer({ toSellerId: colleague })).status).toBe(200);
    await Promise.all([seller.close(), visitor.close()]);
  });
});
