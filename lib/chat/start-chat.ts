/**
 * Starting chats: InitChat over the socket and the first REST fallback message share this. It is
 * built to take few requests: one round of three in parallel (the visitor's chat-start window, the
 * source address's bucket, and one read of the line, the target and, when the target is a seller,
 * its item), then the lifecycle's reserve and claim.
 */
import type { VisitorIdentity } from '../model/identity';
import { checkOrigin, type OriginAllowList } from '../access/origins';
import { checkDeviceSessionAllowed, type DeviceSessionPolicy } from '../access/visitor-sessions';
import { addressBucket, bucketNames, enforce, windowOf, type BucketPolicy, type ExemptAddresses, type RateLimiter } from '../access/rate-limit';
import { badRequest, limitExceeded, payloadTooLarge, rateLimited } from '../platform/errors';
import { lineKeyOf, newContactId } from '../store/keys';
import { toChat, type ChatItem, type ChatStore } from '../store/chat-store';
import type { SellerItem } from '../store/seller-store';
import type { TargetItem } from '../store/target-store';
import type { VisitorItem, VisitorStore } from '../store/visitor-store';
import type { ChatLifecycle, OpenedChat } from './lifecycle';
import { metrics } from '../platform/metrics';

/**
 * Why `value` cannot be stored as userInfo, if it cannot: nested deeper than `limit` levels, or a
 * `__proto__` key at any depth (JSON.parse makes it an own key, which the copy below would turn
 * into a prototype, leaving DynamoDB an empty value). Walked with a stack of its own, never by
 * recursion, and stopped at the first branch past the limit: a hostile 10,000-level array costs
 * the walk of one branch, and no call stack.
 */
function shapeProblem(value: unknown, limit: number): string | undefined {
  const pending: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  while (pending.length) {
    const { node, depth } = pending.pop() as { node: unknown; depth: number };
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > limit) return `userInfo is nested more than ${limit} levels deep; that is the limit`;
    if (Object.prototype.hasOwnProperty.call(node, '__proto__')) return 'userInfo may not hold the key __proto__, at any depth';
    for (const child of Object.values(node)) pending.push({ node: child, depth: depth + 1 });
  }
  return undefined;
}

/** Numbers DynamoDB's marshaller refuses (beyond 2^53) are kept as their text. */
const storableNumber = (_key: string, value: unknown) => (typeof value === 'number' && Math.abs(value) > Number.MAX_SAFE_INTEGER ? String(value) : value);

/** userInfo is stored as the visitor sent it: bounded in size and nesting, with storable numbers. */
export function acceptUserInfo(userInfo: Record<string, unknown>, limits: { maxUserInfoBytes: number; maxUserInfoDepth: number }): Record<string, unknown> {
  // the depth first: serializing a hostile depth would overflow the call stack before any size is known
  const problem = shapeProblem(userInfo, limits.maxUserInfoDepth);
  if (problem) throw badRequest(problem);
  const bytes = Buffer.byteLength(JSON.stringify(userInfo));
  if (bytes > limits.maxUserInfoBytes) {
    throw payloadTooLarge(`userInfo is ${bytes} bytes; the limit is ${limits.maxUserInfoBytes}`);
  }
  return JSON.parse(JSON.stringify(userInfo, storableNumber)) as Record<string, unknown>;
}

export interface StartedChat {
  /** a new chat that waits says how (`wait`) */
  contact: OpenedChat;
  /** false when the visitor's open chat with this target was returned */
  created: boolean;
}

/** The one read of a chat start: the line, the target's item and (when the target is a seller) the seller's. */
export type StartReads = (lineKey: string, target: string) => Promise<{ line?: ChatItem; target?: TargetItem; seller?: SellerItem }>;

export interface StartChatDeps {
  chats: Pick<ChatStore, 'getLine' | 'archive'>;
  visitors: Pick<VisitorStore, 'takeChatStart'>;
  reads: StartReads;
  lifecycle: Pick<ChatLifecycle, 'open'>;
  rateLimiter: RateLimiter;
  settings: {
    limits: { maxUserInfoBytes: number; maxUserInfoDepth: number; maxOpenChatsPerVisitor: number };
    rateLimits: { initChatPerDevice: BucketPolicy; chatStartsPerAddress: BucketPolicy; exemptAddresses: ExemptAddresses };
    widgetOrigins: OriginAllowList;
    deviceSessionsOff: DeviceSessionPolicy;
  };
}

/** The line's chat, when one is open on it. */
const openOn = (line: ChatItem | undefined): ChatItem | undefined => (line?.contactId !== undefined && line.status !== 'ended' ? line : undefined);

/**
 * Opens the visitor's chat with seller-or-team `target`, or returns the one already open.
 * New chats get a seller through the lifecycle or wait in the target's queue.
 */
export async function startChat(
  deps: StartChatDeps,
  visitor: VisitorIdentity,
  target: string,
  userInfo: Record<string, unknown>,
  from: { sourceIp?: string; origin?: string } = {},
): Promise<StartedChat> {
  const { settings } = deps;
  checkOrigin(settings.widgetOrigins, target, from.origin);
  checkDeviceSessionAllowed(settings.deviceSessionsOff, visitor, target);
  const visitorInfo = acceptUserInfo(userInfo, settings.limits);
  const lineKey = lineKeyOf(visitor.userId, target);

  const [starts, , reads] = await Promise.all([
    deps.visitors.takeChatStart(visitor.userId, windowOf(settings.rateLimits.initChatPerDevice)),
    // per address too: identities are cheap to mint, so per-visitor limits alone never bind a single sender
    enforce(
      deps.rateLimiter,
      addressBucket(from.sourceIp, settings.rateLimits.exemptAddresses, {
        key: bucketNames.chatStarts,
        policy: settings.rateLimits.chatStartsPerAddress,
        what: 'chat starts from this address',
      }),
    ),
    deps.reads(lineKey, target),
  ]);
  const existing = openOn(reads.line);
  if (existing) return { contact: toChat(existing, visitorInfo), created: false };
  if (!starts.allowed) {
    const seconds = Math.max(1, Math.ceil(starts.retryAfterMs / 1000));
    throw rateLimited(`too many chat starts from this device; try again in ${seconds} s`, seconds);
  }
  const open = Object.keys((starts.item as VisitorItem).chats ?? {}).length;
  const { maxOpenChatsPerVisitor } = settings.limits;
  if (open >= maxOpenChatsPerVisitor) throw limitExceeded(`this device has ${open} open chats; the limit is ${maxOpenChatsPerVisitor}`);

  let line: ChatItem | undefined = reads.line;
  const known = {
    targets: new Map(reads.target ? [[target, reads.target]] : []),
    sellers: new Map<string, SellerItem>(reads.seller ? [[target, reads.seller]] : []),
  };
  // a concurrent start of the same visitor may claim the line between our read and our write: a few attempts
  for (let attempt = 0; attempt < 3; attempt++) {
    // a chat that ended but was not moved off its line yet (its end was interrupted) is moved now
    if (line?.contactId && line.status === 'ended') await deps.chats.archive(line.contactId, (starts.item as VisitorItem).chats?.[line.contactId]?.info ?? {});
    const contactId = newContactId(lineKey);
    const contact = await deps.lifecycle.open(lineKey, { contactId, visitorId: visitor.userId, visitorInfo, target, previousSellerId: line?.lastSellerId }, known);
    if (contact) {
      metrics.count(contact.status === 'assigned' ? 'ChatsAssigned' : 'ChatsQueued');
      return { contact, created: true };
    }
    line = await deps.chats.getLine(lineKey);
    const winner = openOn(line);
    if (winner) return { contact: toChat(winner, visitorInfo), created: false };
  }
  throw new Error(`could not claim the line of ${visitor.userId} with ${target}`);
}
