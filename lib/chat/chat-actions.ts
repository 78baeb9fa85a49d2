/** The HTTP routes that change a chat's life: who may end or transfer it, then the lifecycle does it. */
import type { Caller, SellerCaller } from '../access/callers';
import { visibleChat } from './visibility';
import { badRequest } from '../platform/errors';
import type { TransferBody } from '../protocol/inbound';
import type { Chat } from '../model/chat';
import type { ChatReader } from './chat-reader';
import type { ChatLifecycle } from './lifecycle';
import { addPrivateNote, type PrivateNoteDeps } from './private-notes';

export interface ChatActionDeps {
  contacts: ChatReader;
  lifecycle: Pick<ChatLifecycle, 'end' | 'transfer'>;
  /** where a transfer's note is kept as a private note (the chat's sellers, never the visitor) */
  privateNotes?: Pick<PrivateNoteDeps, 'privateNotes' | 'delivery'>;
}

/** POST /v1/contacts/{id}/end: either party (a queue's seller too) may end a chat it can see. */
export async function endChat(deps: ChatActionDeps, caller: Caller, contactId: string): Promise<Chat> {
  return deps.lifecycle.end(await visibleChat(deps.contacts, caller, contactId), caller.role);
}

/** POST /v1/contacts/{id}/transfer: the seller of an open chat hands it to another seller or a team. */
export async function transferChat(deps: ChatActionDeps, seller: SellerCaller, contactId: string, body: TransferBody): Promise<Chat> {
  const contact = await visibleChat(deps.contacts, seller, contactId);
  if (contact.status !== 'assigned' || contact.sellerId !== seller.sellerId) {
    throw badRequest('only an open chat assigned to you can be transferred');
  }
  if ((body.toSellerId ?? body.toTeamId) === seller.sellerId) throw badRequest('the chat is already yours');
  const moved = await deps.lifecycle.transfer(contact, seller.sellerId, body);
  if (!moved) throw badRequest('the chat changed meanwhile; reload it');
  // kept with the chat as a private note, pushed to the seller who now holds it (and the one who wrote it)
  const note = body.note?.trim();
  if (note && deps.privateNotes) {
    await addPrivateNote(deps.privateNotes, moved, { role: 'seller', sellerId: seller.sellerId }, note, 'transfer');
  }
  return moved;
}
