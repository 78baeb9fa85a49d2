/**
 * Sending a chat message: one update of the chat's line authorizes the sender, limits it,
 * recognises a retry and hands out the seq; then the message is stored while both sides'
 * connections are read, in parallel; then it is pushed. Two DynamoDB round trips, three requests.
 * A recipient with no connection gets a pending mark instead, and its next connection is sent
 * what it missed.
 */
import type { Identity } from '../model/identity';
import { windowOf, type BucketPolicy } from '../access/rate-limit';
import { badRequest, forbidden, payloadTooLarge, rateLimited } from '../platform/errors';
import type { Delivery } from '../realtime/delivery';
import type { IdentityItem, IdentityStore } from '../store/identity-store';
import { identityKey, lineKeyOf, lineKeyOfContact, messageIdOf } from '../store/keys';
import { clientKeyOf, toChat, type ChatItem, type ChatStore, type SendOutcome } from '../store/chat-store';
import type { MessageStore, StoredAttachment, StoredMessage } from '../store/message-store';
import type { AttachmentStore } from '../store/attachment-store';
import type { SellerItem } from '../store/seller-store';
import type { VisitorItem } from '../store/visitor-store';
import type { Chat } from '../model/chat';
import { messageFrame } from './message-frame';
import { counterpart } from '../model/parties';
import { metrics } from '../platform/metrics';
import { characterCount } from '../protocol/text';

/** How long a retried clientMessageId is recognised at least (two slots of this length are kept). */
export const DEDUPE_SLOT_MS = 120_000;

export interface OutgoingMessage {
  /** empty when the message only carries files */
  text: string;
  /** files uploaded into this chat by the sender (POST /v1/contacts/{id}/attachments); needs contactId */
  attachments?: { attachmentId: string }[];
  to?: string;
  contactId?: string;
  clientMessageId?: string;
}

export interface SentMessage {
  message: StoredMessage;
  /** The message's public id: its chat and its seq. */
  messageId: string;
  contact: Chat;
  /** true when a retried clientMessageId found the message already stored */
  duplicate: boolean;
  /** true when at least one of the recipient's connections got this push (a retry is pushed again) */
  delivered: boolean;
}

export interface MessageDeps {
  chats: Pick<ChatStore, 'send' | 'getLines'>;
  messages: Pick<MessageStore, 'put' | 'get'>;
  attachments: Pick<AttachmentStore, 'getMany'>;
  identities: Pick<IdentityStore, 'get' | 'getMany' | 'markPending'>;
  delivery: Pick<Delivery, 'push' | 'audiences'>;
  settings: {
    limits: { maxMessageLength: number };
    rateLimits: { visitorMessages: BucketPolicy; sellerMessages: BucketPolicy };
  };
}

/** Characters as a person counts them (an emoji is one): UTF-16 units would make 2,000 emoji "4,000 characters". */
export function checkMessageLength(text: string, maxMessageLength: number): void {
  // every code point is one or two UTF-16 units, so the cheap check settles most texts
  if (text.length <= maxMessageLength) return;
  const characters = characterCount(text);
  if (characters > maxMessageLength) throw payloadTooLarge(`message is ${characters} characters; the limit is ${maxMessageLength}`);
}

const refusal = (sender: Identity, input: OutgoingMessage) => {
  if (sender.role === 'seller') {
    return forbidden(input.contactId ? 'you can only write into chats assigned to you, to their visitor' : `no chat with visitor ${input.to} is assigned to you`);
  }
  return forbidden(input.contactId ? 'you can only write into your own open chat' : `you have no open chat with ${input.to}; send InitChat first`);
};

/**
 * The files a message carries, as their records say: each uploaded by this sender into this chat.
 * Checked before the message takes its seq, so a refusal leaves no gap in the chat.
 */
async function attachedFiles(deps: MessageDeps, sender: Identity, input: OutgoingMessage): Promise<StoredAttachment[] | undefined> {
  if (!input.attachments?.length) return undefined;
  if (!input.contactId) throw badRequest('a message with attachments needs contact_id');
  const ids = input.attachments.map((file) => file.attachmentId);
  if (new Set(ids).size !== ids.length) throw badRequest('each attachment may be sent once per message');
  const records = await deps.attachments.getMany(ids);
  return ids.map((id) => {
    const record = records.get(id);
    if (!record || record.contactId !== input.contactId || record.uploaderRole !== sender.role || record.uploaderId !== sender.userId) {
      throw badRequest(`attachment ${id} was not uploaded by you into this chat`);
    }
    return { attachmentId: id, name: record.name, type: record.type, size: record.size };
  });
}

/**
 * The line a frame names: by `contact_id`, or by `to` (a visitor's target, a seller's visitor).
 * Undefined for a contact_id that is not one of ours.
 */
function lineOfFrame(sender: Identity, input: OutgoingMessage): string | undefined {
  if (input.contactId) return lineKeyOfContact(input.contactId);
  if (!input.to) throw badRequest('to or contact_id is required');
  return sender.role === 'visitor' ? lineKeyOf(sender.userId, input.to) : lineKeyOf(input.to, sender.userId);
}

/**
 * When `to` is not the chat's line (a visitor naming the seller of a team chat, a seller whose chat
 * came through a team), the sender's own item lists its chats: the one with that party is used.
 */
async function lineOfParty(deps: MessageDeps, sender: Identity, to: string): Promise<{ lineKey: string; contactId: string } | undefined> {
  const item = await deps.identities.get(sender);
  let contactIds: string[];
  if (sender.role === 'seller') {
    contactIds = Object.entries((item as SellerItem | undefined)?.chats ?? {})
      .filter(([, visitorId]) => visitorId === to)
      .map(([id]) => id);
  } else {
    const open = Object.keys((item as VisitorItem | undefined)?.chats ?? {});
    contactIds = (await deps.chats.getLines(open)).filter((chat) => chat.sellerId === to && chat.status !== 'ended').map((chat) => chat.contactId as string);
  }
  const contactId = contactIds[0];
  const lineKey = contactId && lineKeyOfContact(contactId);
  return lineKey ? { lineKey, contactId } : undefined;
}

/**
 * The message of a retry: stored already, or stored now when its first attempt took the seq but
 * died before storing it. `stored` says which.
 */
async function storedOrFilled(deps: MessageDeps, draft: StoredMessage): Promise<{ message: StoredMessage; stored: boolean }> {
  const found = await deps.messages.get(draft.contactId, draft.seq);
  if (found) return { message: found, stored: true };
  const { message, duplicate } = await deps.messages.put(draft);
  return { message, stored: duplicate };
}

/**
 * Stores the message before any push, so a failed push never loses it; then pushes in parallel to
 * every connection of the recipient and to the sender's other connections.
 */
export async function sendChatMessage(deps: MessageDeps, sender: Identity, input: OutgoingMessage, senderConnectionId?: string): Promise<SentMessage> {
  checkMessageLength(input.text, deps.settings.limits.maxMessageLength);
  const files = await attachedFiles(deps, sender, input);
  const { sellerMessages, visitorMessages } = deps.settings.rateLimits;
  const request = {
    sender,
    to: input.to,
    clientKey: input.clientMessageId ? clientKeyOf(sender, input.clientMessageId) : undefined,
    window: windowOf(sender.role === 'seller' ? sellerMessages : visitorMessages),
    dedupeSlotMs: DEDUPE_SLOT_MS,
  };
  const lineKey = lineOfFrame(sender, input);
  if (!lineKey) throw refusal(sender, input);
  let outcome: SendOutcome = await deps.chats.send({ ...request, lineKey, contactId: input.contactId });
  if (outcome.kind === 'not-party' && !input.contactId && input.to) {
    const found = await lineOfParty(deps, sender, input.to);
    // the chat was found through its party, so `to` has been checked: it names that party
    if (found) outcome = await deps.chats.send({ ...request, ...found, to: undefined });
  }
  if (outcome.kind === 'not-party') throw refusal(sender, input);
  if (outcome.kind === 'rate-limited') {
    const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
    throw rateLimited(`too many messages; try again in ${seconds} s`, seconds);
  }

  const chat: ChatItem = outcome.chat;
  const contactId = chat.contactId as string;
  const recipient = counterpart({ visitorId: chat.visitorId as string, sellerId: chat.sellerId }, sender);
  const draft: StoredMessage = {
    contactId,
    seq: outcome.seq,
    senderRole: sender.role,
    senderId: sender.userId,
    recipientId: recipient?.userId ?? null,
    text: input.text,
    createdAt: new Date().toISOString(),
    ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}),
    ...(files ? { attachments: files } : {}),
  };

  // A retry pushes again: its first attempt may have died after a write and before its push (or
  // before storing the message at all). Clients drop a seq they hold, so a second copy is harmless.
  const retried = outcome.kind === 'duplicate';
  const parties = recipient ? [recipient, sender] : [sender];
  const [stored, items] = await Promise.all([
    retried ? storedOrFilled(deps, draft) : deps.messages.put(draft).then(({ message, duplicate }) => ({ message, stored: duplicate })),
    deps.identities.getMany(parties),
  ]);
  const { message } = stored;
  const duplicate = retried || stored.stored;
  const frame = await messageFrame(message);
  const reached = await deps.delivery.push(deps.delivery.audiences(parties, items), frame, senderConnectionId);
  const delivered = recipient ? (reached.get(identityKey(recipient)) ?? 0) > 0 : false;
  if (recipient && !delivered) await notePending(deps, recipient, items.get(identityKey(recipient)), message, frame);
  if (!stored.stored) metrics.count(sender.role === 'visitor' ? 'VisitorMessagesStored' : 'SellerMessagesStored');
  if (delivered && !stored.stored) metrics.count(sender.role === 'visitor' ? 'VisitorMessagesDelivered' : 'SellerMessagesDelivered');
  if (outcome.kind === 'sent' && outcome.firstReply && chat.firstReplyAt && chat.createdAt) {
    metrics.timing('FirstResponseMs', Date.parse(chat.firstReplyAt) - Date.parse(chat.createdAt));
  }
  return { message, messageId: messageIdOf(contactId, message.seq), contact: toChat(chat), duplicate, delivered };
}

/**
 * The recipient had no connection to take the message: it is marked pending on its item (once per
 * offline stretch), so its next connection is sent what it missed. A connection that came up while
 * this happened is pushed to at once; a message it may get twice is dropped by its seq.
 */
async function notePending(deps: MessageDeps, recipient: Identity, item: IdentityItem | undefined, message: StoredMessage, frame: unknown): Promise<void> {
  if ((item?.pending?.[message.contactId] ?? Infinity) <= message.seq) return;
  const after = await deps.identities.markPending(recipient, message.contactId, message.seq);
  const connectedMeanwhile = deps.delivery.audiences([recipient], new Map(after ? [[after.pk, after]] : []));
  if (connectedMeanwhile[0]?.connections.length) await deps.delivery.push(connectedMeanwhile, frame);
}
