import { checkOrigin, parseAllowList } from '../../lib/access/origins';
import { refusal } from '../support/refusal';

describe('widget origin allow-list', () => {
  const list = parseAllowList('{"seller-1": ["https://Shop.example/"], "team-a": ["https://a.example", "https://b.example"]}');

  test('a listed origin passes, case and trailing slash aside', () => {
    expect(() => checkOrigin(list, 'seller-1', 'https://shop.example')).not.toThrow();
    expect(() => checkOrigin(list, 'team-a', 'https://b.example')).not.toThrow();
  });

  test('another origin, or none, is FORBIDDEN naming the target', () => {
    expect(refusal(() => checkOrigin(list, 'seller-1', 'https://evil.example'))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'the widget of seller-1 may not be used from https://evil.example',
    });
    expect(refusal(() => checkOrigin(list, 'seller-1', undefined)).code).toBe('FORBIDDEN');
  });

  test('a target without a list accepts any page', () => {
    expect(() => checkOrigin(list, 'seller-2', 'https://anywhere.example')).not.toThrow();
    expect(() => checkOrigin(parseAllowList(undefined), 'seller-1', undefined)).not.toThrow();
  });

  test('a malformed setting fails at load', () => {
    expect(() => parseAllowList('not json')).toThrow('WIDGET_ORIGINS must be JSON');
    expect(() => parseAllowList('{"s": "https://x"}')).toThrow('must be a list of origins');
  });
});
