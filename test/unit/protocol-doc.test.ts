import { readFileSync } from 'node:fs';
import { DOC_FILE, renderProtocolDoc } from '../../scripts/protocol-doc';

test('docs/protocol.md is what the schemas say (run `npm run docs:protocol` after changing one)', () => {
  expect(readFileSync(DOC_FILE, 'utf8')).toBe(renderProtocolDoc());
});

test('the generated tables name the fields and limits the schemas enforce', () => {
  const doc = renderProtocolDoc();
  expect(doc).toContain('| `sellerId` | string or integer | yes |');
  expect(doc).toContain('| `clientMessageId` | string (≥ 1 chars, ≤ 128 chars) |  |');
});
