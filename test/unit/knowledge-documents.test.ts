/** Who may work on which target's knowledge, and the size limit, before anything reaches the store. */
import { checkBodySize, knowledgeTargetOf, putDocument } from '../../lib/knowledge/documents';

const seller = { role: 'seller' as const, sellerId: 's-1', teams: ['sales'] };
const limits = { maxDocBytes: 10, maxDocs: 2 };

test('the target is the caller by default, may be one of its teams, and nothing else', () => {
  expect(knowledgeTargetOf(seller, {})).toBe('s-1');
  expect(knowledgeTargetOf(seller, { target: 'sales' })).toBe('sales');
  expect(() => knowledgeTargetOf(seller, { target: 's-2' })).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
});

test('a text over the limit in UTF-8 bytes is 413 before the store is asked; a body far over it is refused unparsed', async () => {
  const store = { putDocument: jest.fn(), listDocuments: jest.fn(), getDocument: jest.fn(), deleteDocument: jest.fn() };
  // 6 characters, 12 bytes
  await expect(putDocument({ store, limits }, seller, 'd', {}, { title: 't', text: 'ääääää', format: 'text' })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  expect(store.putDocument).not.toHaveBeenCalled();
  expect(() => checkBodySize('x'.repeat(10 * 6 + 16_385), limits)).toThrow(expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }));
  expect(() => checkBodySize('x'.repeat(100), limits)).not.toThrow();
});
