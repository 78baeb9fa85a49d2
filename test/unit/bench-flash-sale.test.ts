/** The flash-sale mode's pure parts: which item a refused write named, and the report. */
import { renderFlashSale, type FlashSaleResult } from '../../bench/flash-sale';
import { itemKindOf } from '../../bench/dynamo-counter';

test('a write is filed under the kind of item its key names', () => {
  expect(itemKindOf({ Key: { pk: { S: 'seller#s-1' }, sk: { S: 'state' } } })).toBe('seller#');
  expect(itemKindOf({ Key: { pk: { S: 'target#team-1' }, sk: { S: 'queue' } } })).toBe('target#');
  expect(itemKindOf({ Key: { pk: { S: 'rate#ip#127.0.0.1' }, sk: { S: 'bucket' } } })).toBe('rate#');
  expect(itemKindOf({ Item: { pk: { S: 'L#abc' } } })).toBe('L#');
  expect(itemKindOf({ Item: { contactId: { S: 'c' }, seq: { N: '1' } } })).toBe('message');
  expect(itemKindOf({})).toBe('other');
});

test('the report says the outcomes, the rate reached and the conflicts by item', () => {
  const result: FlashSaleResult = {
    options: { engine: 'dynalite', sellers: 50, maxChats: 5, rate: 20, seconds: 10 },
    started: 200,
    outcomes: { assigned: 180, queued: 20 },
    achievedRate: 18.5,
    ackMs: { count: 200, p50: 120, p95: 300, p99: 400, max: 500, mean: 150 },
    requestsPerInitChat: 9.5,
    requestsByOperation: { UpdateItem: 1200, BatchGetItem: 400 },
    conflicts: { 'seller#': 12, 'rate#': 3 },
  };
  const markdown = renderFlashSale(result);
  expect(markdown).toContain('| outcomes | assigned 180, queued 20 |');
  expect(markdown).toContain('| InitChats answered per second (asked 20) | 18.5 |');
  expect(markdown).toContain('by item | seller# 12, rate# 3 |');
  expect(renderFlashSale({ ...result, conflicts: {} })).toContain('by item | none |');
});
