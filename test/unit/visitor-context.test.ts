/** What the server keeps of a reported page context (lib/chat/visitor-context.ts `keptContext`). */
import { keptContext, VISITOR_CONTEXT_LIMITS } from '../../lib/chat/visitor-context';
import { VisitorContext } from '../../lib/protocol/inbound';

const AT = '2026-12-05T04:00:00.000Z';

describe('keptContext', () => {
  test('drops the fragment of both URLs, cuts them and the title, keeps language and time zone, and says when', () => {
    const kept = keptContext(
      {
        url: `https://shop.example/p?q=${'a'.repeat(600)}#top`,
        title: `  ${'T'.repeat(300)}  `,
        referrer: 'https://search.example/#x',
        language: 'de-CH',
        timeZone: 'Europe/Zurich',
      },
      AT,
    );
    expect(kept.url).toHaveLength(VISITOR_CONTEXT_LIMITS.url);
    expect(kept.url?.startsWith('https://shop.example/p?q=aaa')).toBe(true);
    expect(kept.title).toBe('T'.repeat(VISITOR_CONTEXT_LIMITS.title));
    expect(kept).toMatchObject({ referrer: 'https://search.example/', language: 'de-CH', timeZone: 'Europe/Zurich', at: AT });
  });

  test('an empty referrer and absent fields are left out', () => {
    expect(keptContext({ referrer: '' }, AT)).toEqual({ at: AT });
  });

  test('a cut never splits a character made of two UTF-16 units', () => {
    const title = `${'x'.repeat(VISITOR_CONTEXT_LIMITS.title - 1)}😀 and more`;
    const kept = keptContext({ title }, AT).title as string;
    expect(kept).toBe('x'.repeat(VISITOR_CONTEXT_LIMITS.title - 1));
    expect(kept).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});

describe('the context schema', () => {
  test('takes the five fields and refuses others, non-http URLs and malformed language tags', () => {
    expect(VisitorContext.safeParse({ url: 'https://a.example/', title: 't', referrer: '', language: 'en-GB', timeZone: 'America/Argentina/Buenos_Aires' }).success).toBe(true);
    expect(VisitorContext.safeParse({ url: 'ftp://a.example/' }).success).toBe(false);
    expect(VisitorContext.safeParse({ language: 'en_GB!' }).success).toBe(false);
    expect(VisitorContext.safeParse({ timeZone: 'Europe/Oslo; drop' }).success).toBe(false);
    expect(VisitorContext.safeParse({ cookie: 'a=b' }).success).toBe(false);
  });
});
