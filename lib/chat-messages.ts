/** Sending a chat message: authorize, store once, then push to both sides. */
import type { Identity } from './connections';
import type { Contact } from './contacts';
import { badRequest, forbidden, payloadTooLarge } from './errors';
import { enforce } from './rate-limit';
import { messageIdFor, type StoredMessage } from './messages';
import { frames, type Role } from './protocol';
import { sweepContact, type PresenceDeps } from './requeue';
import type { Services } from './services';

export interface OutgoingMessage {
  text: string;
  to?: string;
  contactId?: string;
  clientMessageId?: string;
}

export interface SentMessage {
  message: StoredMessage;
  contact: Contact;
  /** true when a retried clientMessageId found the message already stored */
  duplicate: boolean;
  /** true when at least one of the recipient's connections got the push (or got it earlier) */
  delivered: boolean;
}

export type MessageDeps = PresenceDeps & Pick<Services, 'rateLimiter'>;

/** The push of a stored message, as both live delivery and catch-up send it. */
export function chatFrame(message: StoredMessage, to: string | null) {
  return frames.chatMessage({
    id: message.messageId,
    contactId: message.contactId,
    seq: message.seq,
    from: message.senderId,
    to,
    role: message.senderRole,
    text: message.text,
    createdAt: message.createdAt,
    clientMessageId: message.clientMessageId,
    deletedAt: message.deletedAt,
  });
}

export function checkMessageLength(text: string, maxMessageLength: number): void {
  if (text.length > maxMessageLength) {
    throw payloadTooLarge(`message is ${text.length} characters; the limit is ${maxMessageLength}`);
  }
}

const otherSide = (role: Role): Role => (role === 'visitor' ? 'seller' : 'visitor');

/** The contact named by `contact_id`, or found by `to` (then already read, and returned as well). */
async function resolveContact(deps: MessageDeps, sender: Identity, input: OutgoingMessage): Promise<string | Contact> {
  if (input.contactId) return input.contactId;
  if (!input.to) throw badRequest('to or contact_id is required');
  const contact =
    sender.role === 'visitor'
      ? await deps.contacts.findOpenForVisitor(sender.userId, input.to)
      : await deps.contacts.findOpenForSeller(sender.userId, input.to);
  if (!contact) {
    throw forbidden(
      sender.role === 'visitor'
        ? `you have no open chat with ${input.to}; send InitChat first`
        : `no chat with visitor ${input.to} is assigned to you`,
    );
  }
  return contact;
}

function recipientOf(contact: Contact, sender: Identity): Identity | null {
  if (sender.role === 'seller') return { role: 'visitor', userId: contact.visitorId };
  return contact.sellerId ? { role: 'seller', userId: contact.sellerId } : null;
}

function alreadyDelivered(contact: Contact, recipientRole: Role, seq: number): boolean {
  const cursor = recipientRole === 'visitor' ? contact.visitorDeliveredSeq : contact.sellerDeliveredSeq;
  return (cursor ?? 0) >= seq;
}

/**
 * Stores the message before any push, so a failed push never loses it; then pushes in parallel to
 * every connection of the recipient and to the sender's other connections.
 */
export async function sendChatMessage(
  deps: MessageDeps,
  sender: Identity,
  input: OutgoingMessage,
  senderConnectionId?: string,
): Promise<SentMessage> {
  checkMessageLength(input.text, deps.config.limits.maxMessageLength);
  const { sellerMessages, visitorMessages } = deps.config.rateLimits;
  // the bucket and the contact lookup are independent: one round trip instead of two
  const [resolved] = await Promise.all([
    resolveContact(deps, sender, input),
    enforce(deps.rateLimiter, [
      { key: `msg#${sender.role}#${sender.userId}`, policy: sender.role === 'seller' ? sellerMessages : visitorMessages, what: 'messages' },
    ]),
  ]);
  const contactId = typeof resolved === 'string' ? resolved : resolved.contactId;
  const messageId = messageIdFor(contactId, sender.role, sender.userId, input.clientMessageId);
  const recipientRole = otherSide(sender.role);

  if (input.clientMessageId) {
    const stored = await deps.messages.get(contactId, messageId);
    if (stored) {
      const contact = await deps.contacts.get(contactId);
      if (!contact) throw forbidden('you can only write into your own open chat');
      return { message: stored, contact, duplicate: true, delivered: alreadyDelivered(contact, recipientRole, stored.seq) };
    }
  }

  // the lazy grace-period check: a chat whose seller is long gone goes back to its queue before the visitor writes
  if (sender.role === 'visitor') await sweepContact(deps, resolved);
  const contact = await deps.contacts.nextSeqFor(contactId, sender, input.to);
  const recipient = recipientOf(contact, sender);
  const { message, duplicate } = await deps.messages.put({
    contactId,
    messageId,
    seq: contact.nextSeq,
    senderRole: sender.role,
    senderId: sender.userId,
    recipientId: recipient?.userId ?? null,
    text: input.text,
    clientMessageId: input.clientMessageId,
  });
  if (duplicate) {
    // a concurrent retry stored it first and pushes it; this seq stays unused
    return { message, contact, duplicate, delivered: alreadyDelivered(contact, recipientRole, message.seq) };
  }

  const frame = chatFrame(message, recipient?.userId ?? null);
  const [reached] = await Promise.all([
    recipient ? deps.delivery.toIdentity(recipient, frame) : Promise.resolve(0),
    deps.delivery.toIdentity(sender, frame, senderConnectionId),
  ]);
  if (reached > 0) await deps.contacts.advanceDelivered(contactId, recipientRole, message.seq);
  return { message, contact, duplicate: false, delivered: reached > 0 };
}
