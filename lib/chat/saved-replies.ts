/** Saved replies (GET/PUT/DELETE /v1/saved-replies): a seller's own, and its teams', which every member may read and change. */
import type { SellerCaller } from '../access/callers';
import { forbidden, limitExceeded, notFound } from '../platform/errors';
import type { SavedReplyBody } from '../protocol/inbound';
import type { SavedReplyList, SavedReplyView } from '../protocol/views';
import type { ReplyOwner, SavedReply, SavedReplyStore } from '../store/saved-reply-store';

/** Replies one seller or one team may hold. */
export const MAX_SAVED_REPLIES = 100;

const view = (reply: SavedReply): SavedReplyView => ({
  id: reply.replyId,
  scope: reply.owner.kind,
  owner: reply.owner.id,
  shortcut: reply.shortcut,
  text: reply.text,
  updatedAt: reply.updatedAt,
  updatedBy: reply.updatedBy,
});

/** The seller's own replies, or a team's of which its token makes it a member. */
function ownerOf(seller: SellerCaller, teamId: string | undefined): ReplyOwner {
  if (teamId === undefined) return { kind: 'seller', id: seller.sellerId };
  if (!seller.teams.includes(teamId)) throw forbidden(`teamId: you are not a member of team "${teamId}"`);
  return { kind: 'team', id: teamId };
}

export async function listSavedReplies(store: Pick<SavedReplyStore, 'list'>, seller: SellerCaller): Promise<SavedReplyList> {
  const owners: ReplyOwner[] = [{ kind: 'seller', id: seller.sellerId }, ...seller.teams.map((id) => ({ kind: 'team' as const, id }))];
  const lists = await Promise.all(owners.map((owner) => store.list(owner, MAX_SAVED_REPLIES)));
  return { replies: lists.flat().map(view) };
}

export async function putSavedReply(
  store: Pick<SavedReplyStore, 'put' | 'count' | 'list'>,
  seller: SellerCaller,
  replyId: string,
  body: SavedReplyBody,
): Promise<{ reply: SavedReplyView; created: boolean }> {
  const owner = ownerOf(seller, body.teamId);
  const existing = await store.list(owner, MAX_SAVED_REPLIES);
  if (!existing.some((reply) => reply.replyId === replyId) && existing.length >= MAX_SAVED_REPLIES) {
    throw limitExceeded(
      `${owner.kind === 'team' ? `team "${owner.id}"` : 'you'} already hold${owner.kind === 'team' ? 's' : ''} ${MAX_SAVED_REPLIES} saved replies, the most allowed`,
    );
  }
  const reply: SavedReply = { replyId, owner, shortcut: body.shortcut, text: body.text, updatedAt: new Date().toISOString(), updatedBy: seller.sellerId };
  const { created } = await store.put(reply);
  return { reply: view(reply), created };
}

export async function deleteSavedReply(
  store: Pick<SavedReplyStore, 'remove'>,
  seller: SellerCaller,
  replyId: string,
  teamId: string | undefined,
): Promise<{ id: string; deleted: true }> {
  if (!(await store.remove(ownerOf(seller, teamId), replyId))) throw notFound('no such saved reply');
  return { id: replyId, deleted: true };
}
