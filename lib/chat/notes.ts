/** The seller's own notes on a chat: title and tags (PATCH /v1/contacts/{id}). */
import type { SellerCaller } from '../access/callers';
import { canSee } from './visibility';
import { notFound } from '../platform/errors';
import type { UpdateContactBody } from '../protocol/inbound';
import type { ContactView } from '../protocol/views';
import { toChat } from '../store/chat-store';
import type { NoteStore } from '../store/note-store';
import { viewsOf, type HistoryDeps } from './history';

export async function updateNotes(
  deps: HistoryDeps & { notes: Pick<NoteStore, 'set' | 'getMany'> },
  seller: SellerCaller,
  contactId: string,
  details: UpdateContactBody,
): Promise<ContactView> {
  const chat = await deps.contacts.stored(contactId);
  if (!chat || !canSee(seller, toChat(chat))) throw notFound('no such contact');
  await deps.notes.set(contactId, details);
  const [view] = await viewsOf(deps, [chat], 'seller');
  return view as ContactView;
}
