/** The pages' one check on a socket frame before they narrow it by `action`. */
import { frames } from '../../lib/protocol/outbound';
import { parseServerFrame } from '../../web/shared/protocol';

test('a server frame comes through as it was sent', () => {
  const frame = frames.read({ contactId: 'c1', role: 'seller', upToSeq: 3, readAt: '2026-01-05T10:00:00Z' });
  expect(parseServerFrame(JSON.stringify(frame))).toEqual(frame);
});

test('text that is not JSON, or not an object with a string action, is dropped', () => {
  for (const text of ['not json', '', '42', 'null', '"read"', '[{"action":"read"}]', '{"contact_id":"c1"}', '{"action":7}']) {
    expect(parseServerFrame(text)).toBeUndefined();
  }
});
