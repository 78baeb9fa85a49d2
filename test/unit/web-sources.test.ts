/** The links under an answer of the shop's assistant: only absolute http(s) URLs become links. */
import { safeLink } from '../../web/shared/format';

test('an http(s) URL is a link; javascript:, data:, relative and broken URLs are not', () => {
  expect(safeLink('https://shop.example/shipping')).toBe('https://shop.example/shipping');
  expect(safeLink('HTTP://shop.example/a b')).toBe('http://shop.example/a%20b');
  for (const url of ['javascript:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>x</b>', '/shipping', 'shop.example', 'https://', '', undefined]) {
    expect(safeLink(url)).toBeUndefined();
  }
});
