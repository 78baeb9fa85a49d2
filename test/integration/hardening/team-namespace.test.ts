/** Hardening item 7: a team named like a seller (an identity provider's group `seller-2`) gives no view of that seller's queue. */
import { api, connect, connectSeller, connectVisitor, expectRejected, sellerToken, uniqueId, wsUrl } from '../../support/chat-client';
import type { ContactList } from '../../../lib/protocol/views';
import { initChat } from '../../support/chat-stories';

describe('teams and sellers apart', () => {
  test("a token whose teams name another seller sees none of that seller's queued chats, and is not offered them", async () => {
    const victim = uniqueId('seller');
    const victimSocket = await connectSeller(victim, { maxChats: 1 });
    const first = await connectVisitor(uniqueId('device'));
    expect((await initChat(first, victim)).status).toBe('assigned');
    const second = await connectVisitor(uniqueId('device'));
    const waiting = await initChat(second, victim);
    expect(waiting.status).toBe('queued');

    const intruder = uniqueId('seller');
    const token = sellerToken(intruder, { teams: [victim] });
    const listed = await api<ContactList>('/v1/contacts?status=queued', { token });
    expect(listed.status).toBe(200);
    expect(listed.body.contacts.map((c) => c.contact_id)).not.toContain(waiting.contact_id);
    expect((await api(`/v1/contacts/${waiting.contact_id}`, { token })).status).toBe(404);
    expect((await api(`/v1/contacts/${waiting.contact_id}/messages`, { token })).status).toBe(404);

    // over the socket: a `?token=` whose teams name a seller is refused at the upgrade; a ticket bought with it
    // carries the teams without that seller, so its socket takes nothing from the victim's queue
    expect(await expectRejected(wsUrl({ userId: intruder, role: 'seller', token }))).toBe(403);
    const ticket = await api<{ ticket: string }>('/v1/connect-tickets', { method: 'POST', token });
    expect(ticket.status).toBe(201);
    const intruderSocket = await connect(wsUrl({ ticket: ticket.body.ticket }));
    await intruderSocket.next('connected');
    const own = await api<ContactList>('/v1/contacts?status=queued', { token: sellerToken(victim) });
    expect(own.body.contacts.map((c) => c.contact_id)).toContain(waiting.contact_id);
    expect(intruderSocket.frames.filter((f) => f.contact_id === waiting.contact_id)).toEqual([]);
    await Promise.all([victimSocket.close(), first.close(), second.close(), intruderSocket.close()]);
  });
});
