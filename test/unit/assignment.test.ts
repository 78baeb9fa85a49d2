import { assignSeller, leastActive, rankCandidates, roundRobin } from '../../lib/assignment';
import type { ConnectionStore } from '../../lib/connections';
import type { SellerState, SellerStore } from '../../lib/sellers';

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

describe('assignSeller', () => {
  function fakes(options: { members: string[]; online: string[]; states: SellerState[]; full?: string[] }) {
    const reserved: string[] = [];
    const sellers: SellerStore = {
      recordSeller: async () => undefined,
      teamMembers: async () => options.members,
      states: async (ids) => options.states.filter((s) => ids.includes(s.sellerId)),
      reserveSlot: async (id) => {
        if (options.full?.includes(id)) return false;
        reserved.push(id);
        return true;
      },
      releaseSlot: async () => undefined,
    };
    const connections = {
      isOnline: async ({ userId }: { userId: string }) => options.online.includes(userId),
    } as unknown as ConnectionStore;
    return { deps: { sellers, connections, strategy: leastActive, defaultMaxChats: 5 }, reserved };
  }

  test('a team id picks among its online members only', async () => {
    const { deps, reserved } = fakes({
      members: ['a', 'b', 'c'],
      online: ['b', 'c'],
      states: [seller('a', 0, '2026-01-01'), seller('b', 2, '2026-01-01'), seller('c', 1, '2026-01-01')],
    });
    await expect(assignSeller(deps, 'team-1')).resolves.toBe('c');
    expect(reserved).toEqual(['c']);
  });

  test('a lost race for a slot moves on to the next candidate', async () => {
    const { deps } = fakes({
      members: ['a', 'b'],
      online: ['a', 'b'],
      states: [seller('a', 0, '2026-01-01'), seller('b', 1, '2026-01-01')],
      full: ['a'],
    });
    await expect(assignSeller(deps, 'team-1')).resolves.toBe('b');
  });

  test('nobody online means the chat is queued (null)', async () => {
    const { deps } = fakes({ members: [], online: [], states: [] });
    await expect(assignSeller(deps, 'seller-9')).resolves.toBeNull();
  });

  test('a seller id routes to that seller', async () => {
    const { deps } = fakes({ members: [], online: ['seller-9'], states: [seller('seller-9', 0, '2026-01-01')] });
    await expect(assignSeller(deps, 'seller-9')).resolves.toBe('seller-9');
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

  test('assignSeller skips away members and the excluded seller (a transfer never lands on its sender)', async () => {
    const reserved: string[] = [];
    const states = [{ ...seller('a', 0, '2026-01-01'), away: true }, seller('b', 0, '2026-01-01'), seller('c', 3, '2026-01-01')];
    const deps = {
      sellers: {
        teamMembers: async () => ['a', 'b', 'c'],
        states: async (ids: string[]) => states.filter((s) => ids.includes(s.sellerId)),
        reserveSlot: async (id: string) => (reserved.push(id), true),
      },
      connections: { isOnline: async () => true } as unknown as ConnectionStore,
      strategy: leastActive,
      defaultMaxChats: 5,
    };
    await expect(assignSeller(deps, 'team-1', undefined, { exclude: ['b'] })).resolves.toBe('c');
    await expect(assignSeller(deps, 'team-1')).resolves.toBe('b');
    expect(reserved).toEqual(['c', 'b']);
  });

  test('nobody but away sellers online means the chat is queued', async () => {
    const deps = {
      sellers: {
        teamMembers: async () => [],
        states: async () => [{ ...seller('s', 0, '2026-01-01'), away: true }],
        reserveSlot: async () => true,
      },
      connections: { isOnline: async () => true } as unknown as ConnectionStore,
      strategy: leastActive,
      defaultMaxChats: 5,
    };
    await expect(assignSeller(deps, 's')).resolves.toBeNull();
  });
});
