/**
 * Labels on chats (PUT /v1/contacts/{id}/labels, and PATCH's `tags`, the older name of the same
 * list): kept on the chat's notes item and, per label, as an item under the chat's target, so
 * GET /v1/contacts?label= reads by key. Any seller who may see the chat may label it.
 */
import type { SellerCaller } from '../access/callers';
import type { ContactList, ContactView } from '../protocol/views';
import type { ChatItem } from '../store/chat-store';
import { toChat } from '../store/chat-store';
import type { LabelStore } from '../store/label-store';
import type { NoteStore } from '../store/note-store';
import { canSee, visibleChat } from './visibility';
import { pageSize, viewsOf, type HistoryDeps } from './history';

export interface LabelDeps extends HistoryDeps {
  notes: Pick<NoteStore, 'set' | 'getMany'>;
  labels: Pick<LabelStore, 'add' | 'remove' | 'contactsWith'>;
}

/** The same label once, as first written; case and inner spaces kept. */
export function normalizeLabels(labels: string[]): string[] {
  const seen = new Set<string>();
  return labels.map((label) => label.trim()).filter((label) => label && !seen.has(label) && !!seen.add(label));
}

/** Sets the chat's whole label list; the per-label items follow (added before the list names them, removed after). */
export async function setLabels(deps: LabelDeps, seller: SellerCaller, contactId: string, wanted: string[], title?: string): Promise<ContactView> {
  const chat = await visibleChat(deps.contacts, seller, contactId);
  const labels = normalizeLabels(wanted);
  const before = (await deps.notes.getMany([contactId])).get(contactId)?.tags ?? [];
  const added = labels.filter((label) => !before.includes(label));
  const removed = before.filter((label) => !labels.includes(label));
  await Promise.all(added.map((label) => deps.labels.add(chat.target, label, contactId)));
  await deps.notes.set(contactId, { tags: labels, ...(title !== undefined ? { title } : {}) });
  await Promise.all(removed.map((label) => deps.labels.remove(chat.target, label, contactId)));
  const stored = await deps.contacts.stored(contactId);
  const [view] = await viewsOf(deps, stored ? [stored] : [], 'seller');
  return view as ContactView;
}

/**
 * GET /v1/contacts?label=: the chats carrying `label` that the seller may see, from its own queue's
 * and each of its teams' label partitions (one query each, by key), most recent activity first. One
 * page of up to `limit` per partition; `nextCursor` is always null.
 */
export async function listLabelled(deps: LabelDeps, seller: SellerCaller, label: string, limit?: number): Promise<ContactList> {
  const size = pageSize(deps, limit);
  const targets = [...new Set([seller.sellerId, ...seller.teams])];
  const ids = [...new Set((await Promise.all(targets.map((target) => deps.labels.contactsWith(target, label, size)))).flat())];
  const chats = (await Promise.all(ids.map((id) => deps.contacts.stored(id)))).filter((chat): chat is ChatItem => chat !== undefined && canSee(seller, toChat(chat)));
  chats.sort((a, b) => String(b.lastActivityAt ?? b.createdAt).localeCompare(String(a.lastActivityAt ?? a.createdAt)));
  return { contacts: await viewsOf(deps, chats.slice(0, size), 'seller'), nextCursor: null };
}
