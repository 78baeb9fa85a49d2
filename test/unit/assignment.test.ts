import { leastActive, queueSellers, rankCandidates, roundRobin, type SellerState } from '../../lib/routing/assignment';

const seller = (sellerId: string, activeChats: number, lastAssignedAt: string, maxChats = 5): SellerState => ({
  sellerId,
  activeChats,
  maxChats,
  lastAssignedAt,
});

describe('rankCandidates', () => {
  test('least-active puts the seller with the fewest active chats first', () => {
    const states = [seller('a', 3, '2026-01-01'), seller('b', 1, '2026-01-02'), seller('c', 2, '2026-01-01')];
    expect(rankCandidates(states, leastActive)).toEqual(['b', 'c', 'a']);
  });

  test('ties go to the seller assigned longest ago (round robin)', () => {
    const states = [seller('a', 1, '2026-01-03'), seller('b', 1, '2026-01-01'), seller('c', 1, '2026-01-02')];
    expect(rankCandidates(states, leastActive)).toEqual(['b', 'c', 'a']);
  });

  test('sellers at capacity are left out', () => {
    const states = [seller('a', 5, '2026-01-01'), seller('b', 2, '2026-01-01', 2), seller('c', 4, '2026-01-01')];
    expect(rankCandidates(states, leastActive)).toEqual(['c']);
  });

  test('a returning visitor sticks to its previous seller when that seller is available', () => {
    const states = [seller('a', 0, '2026-01-01'), seller('b', 4, '2026-01-01')];
    expect(rankCandidates(states, leastActive, 'b')).toEqual(['b', 'a']);
  });

  test('the previous seller is skipped when full or offline', () => {
    const states = [seller('a', 0, '2026-01-01'), seller('b', 5, '2026-01-01')];
    expect(rankCandidates(states, leastActive, 'b')).toEqual(['a']);
    expect(rankCandidates(states, leastActive, 'gone')).toEqual(['a']);
  });

  test('round-robin ignores load and rotates by last assignment', () => {
    const states = [seller('a', 0, '2026-01-03'), seller('b', 4, '2026-01-01')];
    expect(rankCandidates(states, roundRobin)).toEqual(['b', 'a']);
  });
});

describe('candidates', () => {
  test('only online sellers are ranked; a team id picks among its online members', () => {
    const states = [{ ...seller('a', 0, '2026-01-01'), online: false }, seller('b', 2, '2026-01-01'), seller('c', 1, '2026-01-01')];
    expect(rankCandidates(states, leastActive)).toEqual(['c', 'b']);
  });

  test('nobody online means the chat is queued: no candidate', () => {
    expect(rankCandidates([{ ...seller('s', 0, '2026-01-01'), online: false }], leastActive)).toEqual([]);
    expect(rankCandidates([], leastActive)).toEqual([]);
  });

  test('the seller and team behind a target: the target itself first, members once each', () => {
    expect(queueSellers('team-1', ['a', 'b', 'a'])).toEqual(['team-1', 'a', 'b']);
    expect(queueSellers('seller-9')).toEqual(['seller-9']);
  });
});

describe('presence in assignment', () => {
  test('an away seller is never ranked, however idle', () => {
    const states = [{ ...seller('a', 0, '2026-01-01'), away: true }, seller('b', 4, '2026-01-02')];
    expect(rankCandidates(states, leastActive)).toEqual(['b']);
    expect(rankCandidates(states, roundRobin)).toEqual(['b']);
  });

  test('an away previous seller loses its stickiness', () => {
    const states = [{ ...seller('a', 0, '2026-01-01'), away: true }, seller('b', 1, '2026-01-01')];
    expect(rankCandidates(states, leastActive, 'a')).toEqual(['b']);
  });

  test('the excluded seller is never ranked (a transfer never lands on its sender)', () => {
    const states = [{ ...seller('a', 0, '2026-01-01'), away: true }, seller('b', 0, '2026-01-01'), seller('c', 3, '2026-01-01')];
    expect(rankCandidates(states, leastActive, undefined, ['b'])).toEqual(['c']);
    expect(rankCandidates(states, leastActive)).toEqual(['b', 'c']);
  });

  test('nobody but away sellers online means the chat is queued', () => {
    expect(rankCandidates([{ ...seller('s', 0, '2026-01-01'), away: true }], leastActive)).toEqual([]);
  });
});
