/**
 * Visitor context: the page the visitor is on (its URL and title), the page it came from, its
 * browser's language and time zone, as our widget reports them with InitChat and on each page
 * change. It is kept on the visitor's open chat in the visitor's routing item, which the seller's
 * views read anyway (so neither they nor the message path read anything more), and the chat's
 * seller is told at once. Visitors never get it back: it is the sellers' view of the chat.
 */
import type { Identity } from '../model/identity';
import { counterpart } from '../model/parties';
import { forbidden } from '../platform/errors';
import type { VisitorContext } from '../protocol/inbound';
import { frames, type VisitorContextView } from '../protocol/outbound';
import type { Delivery } from '../realtime/delivery';
import type { VisitorStore } from '../store/visitor-store';
import type { ChatReader } from './chat-reader';
import { partyChat } from './visibility';

/** Stored lengths: a URL or title longer than this is cut (the frame refuses only absurd sizes). */
export const VISITOR_CONTEXT_LIMITS = { url: 500, title: 200 } as const;

/** Cuts a string to `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/** What is kept of a reported context: URLs without their fragment, URLs and title cut, and when it was reported. */
export function keptContext(context: VisitorContext, at: string): VisitorContextView {
  const url = (value: string) => cut(value.split('#')[0] as string, VISITOR_CONTEXT_LIMITS.url);
  return {
    ...(context.url !== undefined ? { url: url(context.url) } : {}),
    ...(context.title !== undefined ? { title: cut(context.title.trim(), VISITOR_CONTEXT_LIMITS.title) } : {}),
    ...(context.referrer ? { referrer: url(context.referrer) } : {}),
    ...(context.language !== undefined ? { language: context.language } : {}),
    ...(context.timeZone !== undefined ? { timeZone: context.timeZone } : {}),
    at,
  };
}

export interface VisitorContextDeps {
  contacts: ChatReader;
  visitors: Pick<VisitorStore, 'setChatContext'>;
  delivery: Pick<Delivery, 'tell'>;
}

/**
 * Keeps the visitor's page context on its open chat and tells the chat's seller. `chat`: the chat
 * when the caller already holds it (InitChat just started or found it), so it is not read again.
 */
export async function recordVisitorContext(
  deps: VisitorContextDeps,
  sender: Identity,
  contactId: string,
  context: VisitorContext,
  chat?: { visitorId: string; sellerId?: string; status: string },
): Promise<VisitorContextView> {
  if (sender.role !== 'visitor') throw forbidden('only a visitor reports the page it is on');
  const contact = chat ?? (await partyChat(deps.contacts, sender, contactId, { open: true }));
  const kept = keptContext(context, new Date().toISOString());
  // the condition on the visitor's own item is the authorization: only its own open chat takes it
  if (!(await deps.visitors.setChatContext(sender.userId, contactId, kept))) throw forbidden('you can only report the page of your own open chat');
  const seller = contact.status === 'assigned' ? counterpart({ visitorId: contact.visitorId, sellerId: contact.sellerId }, sender) : undefined;
  if (seller) await deps.delivery.tell([seller], frames.visitorContext({ contactId, context: kept }));
  return kept;
}
