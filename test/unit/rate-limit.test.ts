import { decide, parsePolicy } from '../../lib/access/rate-limit';

describe('token bucket (GCRA form)', () => {
  const policy = { burst: 3, perSecond: 1 };

  test('a full bucket lets `burst` requests through at once, then refuses with the wait until the next token', () => {
    let tat: number | undefined;
    const now = 1_000_000;
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      const result = decide(tat, now, policy);
      outcomes.push(result.allowed);
      if (result.allowed) tat = result.nextTat;
      else expect(result.retryAfterMs).toBe(1000);
    }
    expect(outcomes).toEqual([true, true, true, false]);
  });

  test('refills at the sustained rate, and a refusal takes no token', () => {
    let tat: number | undefined;
    let now = 0;
    for (let i = 0; i < 3; i++) tat = decide(tat, now, policy).nextTat;
    expect(decide(tat, now + 500, policy).allowed).toBe(false);
    now += 1000;
    const afterOneSecond = decide(tat, now, policy);
    expect(afterOneSecond.allowed).toBe(true);
    expect(decide(afterOneSecond.nextTat, now, policy).allowed).toBe(false);
  });

  test('an idle bucket is full again, never fuller', () => {
    const tat = decide(undefined, 0, policy).nextTat;
    const later = 60_000;
    let current: number | undefined = tat;
    const allowed = [];
    for (let i = 0; i < 4; i++) {
      const result = decide(current, later, policy);
      allowed.push(result.allowed);
      if (result.allowed) current = result.nextTat;
    }
    expect(allowed).toEqual([true, true, true, false]);
  });

  test('policies are written BURST/PER_SECOND in the environment', () => {
    expect(parsePolicy('X', '20/2', { burst: 1, perSecond: 1 })).toEqual({ burst: 20, perSecond: 2 });
    expect(parsePolicy('X', '5/0.2', { burst: 1, perSecond: 1 })).toEqual({ burst: 5, perSecond: 0.2 });
    expect(parsePolicy('X', undefined, { burst: 7, perSecond: 1 })).toEqual({ burst: 7, perSecond: 1 });
    expect(() => parsePolicy('X', 'lots', { burst: 1, perSecond: 1 })).toThrow('X must look like BURST/PER_SECOND');
    expect(() => parsePolicy('X', '0/1', { burst: 1, perSecond: 1 })).toThrow();
  });
});
