/**
 * A waiting visitor's email: the widget asks for one when nobody can answer now (offline, closed),
 * and it is kept in the chat's userInfo, so the seller who takes the chat reads it in
 * contactAssigned and in the history API, and can answer there if the visitor has left.
 */
import type { Identity } from '../model/identity';
import { forbidden } from '../platform/errors';
import type { VisitorStore } from '../store/visitor-store';

export async function leaveEmail(deps: { visitors: Pick<VisitorStore, 'setChatEmail'> }, sender: Identity, contactId: string, email: string): Promise<void> {
  if (sender.role !== 'visitor') throw forbidden('only a visitor leaves an email on its chat');
  // the visitor's own item lists its open chats: identity comes from the connection, never from the frame
  if (!(await deps.visitors.setChatEmail(sender.userId, contactId, email))) throw forbidden('you can only leave an email on your own open chat');
}
