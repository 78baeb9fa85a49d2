/**
 * Deleting a chat removes everything it owns, the chat last, and a retry of an interrupted delete
 * finishes the job: the stores and the bucket here are fakes that remember what is left.
 */
import { deleteChat, type DeletionDeps } from '../../lib/chat/deletion';
import type { Chat } from '../../lib/model/chat';
import type { ObjectPage } from '../../lib/platform/bucket-objects';

const CONTACT = 'L.c';
const seller = { role: 'seller' as const, sellerId: 's-1', teams: [] };

/** A chat of seller s-1 under target team-1 with two files (one never sent), a stray file of another chat, two labels and three messages. */
function world(options: { failRemovingFile?: string } = {}) {
  const chat: Chat = { contactId: CONTACT, visitorId: 'v-1', visitorInfo: {}, target: 'team-1', status: 'ended', sellerId: 's-1', createdAt: '', lastActivityAt: '', lastSeq: 3 };
  const state = {
    chat: chat as Chat | undefined,
    notesItem: { tags: ['vip', 'refund'] } as { tags?: string[] } | undefined,
    messages: new Map([[CONTACT, 3]]),
    files: new Set([`chats/${CONTACT}/sent-1`, `chats/${CONTACT}/unsent-2`, 'chats/L.other/x']),
    records: new Set(['sent-1', 'unsent-2', 'x']),
    labelItems: new Set(['team-1/vip', 'team-1/refund', 'team-1/other-label']),
    order: [] as string[],
    failRemovingFile: options.failRemovingFile,
  };
  const deps: DeletionDeps = {
    contacts: { get: async () => state.chat, stored: async () => undefined },
    chats: { remove: async () => void ((state.chat = undefined), state.order.push('chat')) },
    notes: {
      getMany: async (ids) => new Map(state.notesItem && ids.includes(CONTACT) ? [[CONTACT, state.notesItem]] : []),
      remove: async () => void ((state.notesItem = undefined), state.order.push('notes item')),
    },
    messages: {
      get: async () => undefined,
      softDelete: async () => undefined,
      removePage: async (contactId) => {
        const removed = state.messages.get(contactId) ?? 0;
        state.messages.delete(contactId);
        return { removed, more: false };
      },
    },
    attachmentRecords: { remove: async (id) => void (state.records.delete(id), state.order.push(`record ${id}`)) },
    attachmentFiles: {
      // one key per page, so the deletion has to follow the tokens
      async list(prefix, token): Promise<ObjectPage> {
        const keys = [...state.files].filter((key) => key.startsWith(prefix)).sort();
        const from = token ? keys.indexOf(token) : 0;
        const key = keys[from === -1 ? 0 : from];
        const next = keys[(from === -1 ? 0 : from) + 1];
        return { keys: key ? [key] : [], ...(next ? { nextToken: next } : {}) };
      },
      async remove(key) {
        if (key === state.failRemovingFile) throw new Error('S3 DeleteObject: 503 SlowDown');
        state.files.delete(key);
        state.order.push(`file ${key.split('/').pop()}`);
      },
    },
    labels: { remove: async (target, label) => void (state.labelItems.delete(`${target}/${label}`), state.order.push(`label ${label}`)) },
    lifecycle: { end: async (contact) => ({ ...contact, status: 'ended' }) },
    delivery: { tell: async () => new Map() },
    log: { info: () => undefined },
  };
  return { deps, state };
}

test("removes the chat's files, sent or not, their records and its label items, then the chat and its notes item", async () => {
  const { deps, state } = world();
  expect(await deleteChat(deps, seller, CONTACT)).toEqual({ contact_id: CONTACT, deleted: true, messagesDeleted: 3 });
  expect([...state.files]).toEqual(['chats/L.other/x']);
  expect([...state.records]).toEqual(['x']);
  expect([...state.labelItems]).toEqual(['team-1/other-label']);
  expect([state.chat, state.notesItem, state.messages.size]).toEqual([undefined, undefined, 0]);
  // each record before its file; the chat and the notes item (which names the labels) last
  expect(state.order.indexOf('record sent-1')).toBeLessThan(state.order.indexOf('file sent-1'));
  expect(state.order.indexOf('record unsent-2')).toBeLessThan(state.order.indexOf('file unsent-2'));
  expect(state.order.slice(-2).sort()).toEqual(['chat', 'notes item']);
});

test('a delete that fails half-way leaves the chat, and a retry finishes it; once done, another delete is NOT_FOUND', async () => {
  const { deps, state } = world({ failRemovingFile: `chats/${CONTACT}/unsent-2` });
  await expect(deleteChat(deps, seller, CONTACT)).rejects.toThrow('SlowDown');
  expect(state.chat).toBeDefined();
  expect(state.files.has(`chats/${CONTACT}/unsent-2`)).toBe(true);
  state.failRemovingFile = undefined;
  expect(await deleteChat(deps, seller, CONTACT)).toMatchObject({ deleted: true, messagesDeleted: 0 });
  expect([...state.files]).toEqual(['chats/L.other/x']);
  expect([...state.records]).toEqual(['x']);
  expect([...state.labelItems]).toEqual(['team-1/other-label']);
  await expect(deleteChat(deps, seller, CONTACT)).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

test('a chat with no files and no notes item deletes without touching the bucket or the labels', async () => {
  const { deps, state } = world();
  state.files.clear();
  state.notesItem = undefined;
  expect(await deleteChat(deps, seller, CONTACT)).toMatchObject({ deleted: true });
  expect(state.order.filter((step) => /^(file|record|label)/.test(step))).toEqual([]);
});
