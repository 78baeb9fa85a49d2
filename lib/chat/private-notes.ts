/**
 * Private notes: sellers write them on a chat for each other (POST /v1/contacts/{id}/notes), the
 * service writes them for a transfer and for the assistant's handoff (`addPrivateNote`). Every
 * seller who holds the chat, or gets it later, reads them in order with its messages; the visitor
 * never does: they are stored where no visitor's read looks (lib/store/private-note-store.ts) and
 * pushed to sellers' connections only.
 */
import type { SellerCaller } from '../access/callers';
import type { Chat } from '../model/chat';
import { limitExceeded } from '../platform/errors';
import { frames, type NoteView } from '../protocol/outbound';
import type { Delivery } from '../realtime/delivery';
import type { NoteKind, PrivateNote, PrivateNoteStore } from '../store/private-note-store';
import type { ChatReader } from './chat-reader';
import { visibleChat } from './visibility';

/** Notes one chat may hold; a chat's notes are read whole with it, so they are bounded. */
export const MAX_NOTES_PER_CHAT = 200;

export interface PrivateNoteDeps {
  contacts: ChatReader;
  privateNotes: Pick<PrivateNoteStore, 'add' | 'count'>;
  delivery: Pick<Delivery, 'tell'>;
}

/** Who writes a note: a seller, or the service (`name` says which part of it: "transfer", "assistant"). */
export type NoteAuthor = { role: 'seller'; sellerId: string } | { role: 'system'; name: string };

export function noteView(note: PrivateNote): NoteView {
  return {
    id: note.noteId,
    afterSeq: note.afterSeq,
    authorRole: note.authorRole,
    from: note.authorId,
    kind: note.kind,
    text: note.text,
    timestamp: note.createdAt,
  };
}

/**
 * Adds a note to `chat` after its newest message and pushes it to the chat's seller and the
 * writing seller, never to the visitor. For the service's own notes (transfer, handoff) too: the
 * caller has already decided that the chat may carry it.
 */
export async function addPrivateNote(
  deps: Pick<PrivateNoteDeps, 'privateNotes' | 'delivery'>,
  chat: Chat,
  author: NoteAuthor,
  text: string,
  kind: NoteKind = 'note',
): Promise<NoteView> {
  const note = await deps.privateNotes.add({
    contactId: chat.contactId,
    afterSeq: chat.lastSeq,
    authorRole: author.role,
    authorId: author.role === 'seller' ? author.sellerId : author.name,
    kind,
    text,
  });
  const view = noteView(note);
  const sellerIds = new Set([chat.sellerId, author.role === 'seller' ? author.sellerId : undefined].filter((id): id is string => !!id));
  if (sellerIds.size)
    await deps.delivery.tell(
      [...sellerIds].map((userId) => ({ role: 'seller' as const, userId })),
      frames.privateNote({ contactId: chat.contactId, note: view }),
    );
  return view;
}

/** POST /v1/contacts/{id}/notes: a seller who holds the chat, or whose queue it waits in, writes a note. */
export async function writeNote(deps: PrivateNoteDeps, seller: SellerCaller, contactId: string, text: string): Promise<NoteView> {
  const chat = await visibleChat(deps.contacts, seller, contactId);
  if ((await deps.privateNotes.count(contactId)) >= MAX_NOTES_PER_CHAT) throw limitExceeded(`this chat holds ${MAX_NOTES_PER_CHAT} notes, the most it may`);
  return addPrivateNote(deps, chat, { role: 'seller', sellerId: seller.sellerId }, text);
}

/**
 * The notes that sit among a page of messages `(after, lastSeq]`: those after a message of the
 * page or after `after` itself, and on the last page every later one, so paging from `after` = 0
 * returns each note once.
 */
export function notesOfPage(notes: NoteView[], after: number, lastSeq: number, lastPage: boolean): NoteView[] {
  return notes.filter((note) => note.afterSeq >= after && (lastPage || note.afterSeq < lastSeq));
}
