/**
 * The presence grace period, enforced by a sweep that runs on a schedule (every minute on AWS;
 * `npm start` and the test stack run the same function on their own interval). A seller that goes
 * away, or whose last connection closes while it holds chats, is listed in the sparse `byGone`
 * index; the sweep reads that index (never a scan), looks at each listed seller as it is now, and
 * when it has been away or offline longer than PRESENCE_GRACE_SECONDS puts its chats back in their
 * queues, where the lifecycle offers them to the queue's available sellers.
 */
import type { ChatLifecycle } from '../chat/lifecycle';
import type { Logger } from '../platform/logger';
import type { ChatStore } from '../store/chat-store';
import { toChat } from '../store/chat-store';
import { sellerRecord, type SellerStore } from '../store/seller-store';
import { SWEEP_PAGE, sweepPages } from './sweep-pages';

export interface GracePeriodDeps {
  sellers: Pick<SellerStore, 'get' | 'goneBefore' | 'clearGone' | 'release'>;
  chats: Pick<ChatStore, 'getLines'>;
  lifecycle: Pick<ChatLifecycle, 'requeue'>;
  graceSeconds: number;
  connectionTtlMs: number;
  log: Pick<Logger, 'info'>;
}

const pastGrace = (since: string | undefined, graceMs: number, now: number) => since !== undefined && now - Date.parse(since) >= graceMs;

/** One sweep: every seller gone past the grace period loses its chats to their queues. Returns how many chats moved. */
export async function sweepGoneSellers(deps: GracePeriodDeps, now = Date.now(), budgetMs = 20_000): Promise<{ sellers: number; requeued: number }> {
  const graceMs = deps.graceSeconds * 1000;
  let sellers = 0;
  let requeued = 0;
  await sweepPages(
    () => deps.sellers.goneBefore(new Date(now - graceMs).toISOString(), SWEEP_PAGE),
    (entry) => entry.sellerId,
    async ({ sellerId, goneAt }) => {
      sellers++;
      requeued += await sweepSeller(deps, sellerId, goneAt, graceMs, now);
    },
    budgetMs,
  );
  if (requeued) deps.log.info('grace-period sweep', { sellers, requeued });
  return { sellers, requeued };
}

async function sweepSeller(deps: GracePeriodDeps, sellerId: string, goneAt: string, graceMs: number, now: number): Promise<number> {
  const record = sellerRecord(sellerId, await deps.sellers.get(sellerId), deps.connectionTtlMs);
  const away = record?.presence === 'away';
  const offline = record !== undefined && record.connectionIds.length === 0;
  if (!record || (!away && !offline)) {
    // back online (or gone entirely): off the list
    await deps.sellers.clearGone(sellerId, goneAt);
    return 0;
  }
  const gonePastGrace = away ? pastGrace(record.awaySince, graceMs, now) : pastGrace(record.offlineSince, graceMs, now);
  if (!gonePastGrace) return 0; // listed early (its goneAt is older than its latest change): looked at again next time
  const contactIds = Object.keys(record.chats);
  const lines = await deps.chats.getLines(contactIds);
  let moved = 0;
  for (const contactId of contactIds) {
    const line = lines.find((chat) => chat.contactId === contactId);
    if (!line || line.sellerId !== sellerId || line.status !== 'assigned') {
      // a slot whose chat moved on without it (an interrupted transition): give it back
      await deps.sellers.release(sellerId, contactId);
      continue;
    }
    if (await deps.lifecycle.requeue(toChat(line), sellerId, line.target as string, 'presence')) moved++;
  }
  await deps.sellers.clearGone(sellerId, goneAt);
  return moved;
}
