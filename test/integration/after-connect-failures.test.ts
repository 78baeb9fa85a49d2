/**
 * Nothing lost on the asynchronous path: an afterConnect that fails keeps its event (locally in the
 * stand-in for the on-failure queue, lib/jobs/after-connect-failures.ts), and replaying it
 * delivers what the visitor missed.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterConnectFailuresDir } from '../../scripts/stack';
import { offlineInvoker, pendingFailures, replayFailures } from '../../lib/jobs/after-connect-failures';
import { connectSeller, connectSessionVisitor, uniqueId } from '../support/chat-client';
import { initChat, say } from '../support/chat-stories';

const dataDir = () => process.env.CHAT_DATA_DIR as string;
const faultFile = () => path.join(dataDir(), 'after-connect-fault');

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterEach(() => rmSync(faultFile(), { force: true }));

test('a failed afterConnect is kept with its event, and its replay delivers what the visitor missed', async () => {
  const sellerId = uniqueId('seller');
  const seller = await connectSeller(sellerId);
  const visitor = await connectSessionVisitor();
  const chat = await initChat(visitor, sellerId);
  await visitor.close();
  const missed = await say(seller, chat.contact_id, 'while you were away');
  expect(missed.delivered).toBe(false);

  // afterConnect breaks: the reconnecting visitor gets its socket, but neither its greeting nor what it missed
  writeFileSync(faultFile(), 'the management endpoint is down');
  const back = await connectSessionVisitor(visitor.session);
  const dir = afterConnectFailuresDir(dataDir());
  const failure = await waitFor(() => pendingFailures<{ userId: string }>(dir).find(({ record }) => record.requestPayload.userId === visitor.session.visitorId), 'failure record');
  expect(failure.record.responsePayload.errorMessage).toContain('injected fault');
  expect(back.frames).toEqual([]);

  // fixed, then replayed: the greeting and the missed message arrive, and the record is gone
  rmSync(faultFile());
  const replay = await replayFailures(dir, offlineInvoker(Number(process.env.CHAT_LAMBDA_PORT), `seller-chat-${process.env.CHAT_STAGE}-afterConnect`));
  expect(replay).toMatchObject({ replayed: expect.any(Number), failed: [] });
  expect(replay.replayed).toBeGreaterThanOrEqual(1);
  expect(await back.next('connected')).toMatchObject({ userId: visitor.session.visitorId });
  expect(await back.next((f) => f.action === 'sendMessage')).toMatchObject({ contact_id: chat.contact_id, seq: missed.seq, message: 'while you were away' });
  expect(existsSync(failure.file)).toBe(false);
  await Promise.all([back.close(), seller.close()]);
});
