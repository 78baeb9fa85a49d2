/** The seller tools' pure rules: which notes a history page carries, label lists, the rating window, the status average. */
import { notesOfPage } from '../../lib/chat/private-notes';
import { normalizeLabels } from '../../lib/chat/labels';
import { ratingDays, RATING_DAYS } from '../../lib/chat/rating';
import { serviceStatus } from '../../lib/routing/service-status';
import { frames, type NoteView } from '../../lib/protocol/outbound';
import type { ContactWithMessages } from '../../lib/protocol/views';
import { reduce } from '../../web/dashboard/reducer';
import { initialState } from '../../web/dashboard/state';

const note = (id: string, afterSeq: number): NoteView => ({ id, afterSeq, authorRole: 'seller', from: 's-1', kind: 'note', text: id, timestamp: '2026-01-01T00:00:00.000Z' });

describe('notesOfPage', () => {
  const notes = [note('before-first', 0), note('after-1', 1), note('after-3', 3), note('after-5', 5), note('later', 9)];

  test('paging from after=0 gives every note exactly once, with the page that starts at or before it', () => {
    const pages = [
      { after: 0, lastSeq: 2, last: false },
      { after: 2, lastSeq: 4, last: false },
      { after: 4, lastSeq: 5, last: true },
    ];
    const seen = pages.flatMap((page) => notesOfPage(notes, page.after, page.lastSeq, page.last).map((n) => n.id));
    expect(seen).toEqual(['before-first', 'after-1', 'after-3', 'after-5', 'later']);
  });

  test('a page that is not the last leaves out the notes after its last message', () => {
    expect(notesOfPage(notes, 0, 1, false).map((n) => n.id)).toEqual(['before-first']);
  });
});

describe('normalizeLabels', () => {
  test('trims, drops empty ones and keeps the first of each, case and inner spaces kept', () => {
    expect(normalizeLabels([' vip ', 'Refund', 'vip', '', 'late delivery', 'Refund'])).toEqual(['vip', 'Refund', 'late delivery']);
  });
});

describe('ratingDays', () => {
  test('the last 7 UTC dates, today first, across a month end', () => {
    const days = ratingDays(Date.parse('2026-03-02T23:59:00Z'));
    expect(days).toHaveLength(RATING_DAYS);
    expect(days).toEqual(['2026-03-02', '2026-03-01', '2026-02-28', '2026-02-27', '2026-02-26', '2026-02-25', '2026-02-24']);
  });
});

describe('GET /v1/status ratings', () => {
  const settings = { stage: 'test', tables: {}, limits: { connectionTtlSeconds: 7200 } };
  const reads = {
    targets: { getMany: async () => new Map() },
    sellers: { getMany: async () => new Map() },
  };

  test("each queue's average over the days read by key, null where nobody rated", async () => {
    const asked: { targets: string[]; days: string[] }[] = [];
    const ratings = {
      totals: async (targets: string[], days: string[]) => {
        asked.push({ targets, days });
        return new Map([
          ['s-1', { count: 0, sum: 0 }],
          ['sales', { count: 3, sum: 13 }],
        ]);
      },
    };
    const status = await serviceStatus({ ...reads, ratings }, { userId: 's-1', teams: ['sales'] }, settings, ['2026-03-02', '2026-03-01']);
    expect(asked).toEqual([{ targets: ['s-1', 'sales'], days: ['2026-03-02', '2026-03-01'] }]);
    expect(status.ratings).toEqual([
      { target: 's-1', days: 2, count: 0, average: null },
      { target: 'sales', days: 2, count: 3, average: 4.33 },
    ]);
  });

  test('without a rating store the answer has no ratings (and reads none)', async () => {
    const status = await serviceStatus(reads, { userId: 's-1', teams: [] }, settings);
    expect(status).not.toHaveProperty('ratings');
  });
});

describe('the dashboard keeps the open chat’s private notes', () => {
  test('a privateNote frame joins the open chat, one for another chat does not, and a loaded contact adds its notes', () => {
    const contactId = 'contact-1';
    let state = initialState('seller-1');
    state = reduce(state, { type: 'openRequested', contactId }, 0).state;
    const serial = state.openChat?.serial ?? 0;
    state = reduce(state, { type: 'frame', frame: frames.privateNote({ contactId, note: note('n1', 0) }) }, 1).state;
    state = reduce(state, { type: 'frame', frame: frames.privateNote({ contactId: 'contact-2', note: note('n2', 0) }) }, 2).state;
    expect([...(state.openChat?.notes?.keys() ?? [])]).toEqual(['n1']);
    const contact = {
      contact_id: contactId,
      status: 'assigned',
      visitor: { userId: 'v-1', userInfo: {} },
      sellerId: 'seller-1',
      target: 'seller-1',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastActivityAt: '2026-01-01T00:00:00.000Z',
      assignedAt: null,
      endedAt: null,
      endedBy: null,
      lastSeq: 0,
      lastSeqBy: { visitor: 0, seller: 0 },
      read: { visitor: 0, seller: 0 },
      messages: [],
      notes: [note('n1', 0), note('n3', 0)],
    } satisfies ContactWithMessages;
    state = reduce(state, { type: 'contactLoaded', serial, readAt: 3, contact }, 3).state;
    expect([...(state.openChat?.notes?.keys() ?? [])].sort()).toEqual(['n1', 'n3']);
  });
});
