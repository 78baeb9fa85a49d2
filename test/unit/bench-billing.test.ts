/** What the counting proxy adds to the engines' units: refused conditional writes and the minimum read charge. */
import { billedReadUnits, mergeCounts, readFloor, emptyCount } from '../../bench/dynamo-counter';
import { failedWriteUnits, itemBytes, minimumReadUnits, valueBytes } from '../../bench/item-size';

describe('item size as DynamoDB measures it', () => {
  test('names and values: strings in UTF-8 bytes, numbers by significant digits, booleans and nulls one byte', () => {
    expect(itemBytes({ pk: { S: 'abc' } })).toBe(2 + 3);
    expect(itemBytes({ n: { N: '12345' } })).toBe(1 + 4); // 5 digits: 3 bytes + 1
    expect(itemBytes({ ok: { BOOL: true }, x: { NULL: true } })).toBe(2 + 1 + 1 + 1);
    expect(valueBytes({ S: 'é' })).toBe(2);
  });

  test('lists and maps: 3 bytes plus 1 per element, plus the nested names and values', () => {
    expect(valueBytes({ L: [{ S: 'a' }, { S: 'bc' }] })).toBe(3 + (1 + 1) + (1 + 2));
    expect(valueBytes({ M: { k: { S: 'v' } } })).toBe(3 + 1 + 1 + 1);
  });
});

describe('refused conditional writes', () => {
  test('one write unit per KB of the existing item, at least one', () => {
    expect(failedWriteUnits(0)).toBe(1);
    expect(failedWriteUnits(1024)).toBe(1);
    expect(failedWriteUnits(1025)).toBe(2);
    expect(failedWriteUnits(3 * 1024 + 1)).toBe(4);
  });
});

describe('minimum read charge', () => {
  test('0.5 unit eventually consistent, 1 strongly consistent, per read', () => {
    expect(minimumReadUnits(false)).toBe(0.5);
    expect(minimumReadUnits(true)).toBe(1);
    expect(minimumReadUnits(undefined, 3)).toBe(1.5);
  });

  test('a Query or GetItem that found nothing is billed the minimum; one that read more keeps its units', () => {
    expect(readFloor('Query', {})).toBe(0.5);
    expect(billedReadUnits('Query', {}, [{ CapacityUnits: 0 }])).toBe(0.5);
    expect(billedReadUnits('GetItem', { ConsistentRead: true }, [])).toBe(1);
    expect(billedReadUnits('Query', {}, [{ CapacityUnits: 2.5 }])).toBe(2.5);
    expect(readFloor('PutItem', {})).toBe(0);
  });

  test('BatchGetItem: the minimum per requested key, per table', () => {
    const input = { RequestItems: { a: { Keys: [{}, {}, {}] }, b: { Keys: [{}], ConsistentRead: true } } };
    expect(readFloor('BatchGetItem', input)).toBe(1.5 + 1);
    // table a reported 0.5 for three keys (two missing): billed 1.5; table b reported 2: kept
    expect(
      billedReadUnits('BatchGetItem', input, [
        { TableName: 'a', CapacityUnits: 0.5 },
        { TableName: 'b', CapacityUnits: 2 },
      ]),
    ).toBe(3.5);
  });
});

describe('mergeCounts', () => {
  test('adds every field per operation', () => {
    const a = { PutItem: { ...emptyCount(), requests: 1, writeUnits: 1, conditionalFailures: 1 } };
    const b = { PutItem: { ...emptyCount(), requests: 2, writeUnits: 3 }, Query: { ...emptyCount(), requests: 1, readUnits: 0.5 } };
    const merged = mergeCounts(a, b);
    expect(merged.PutItem).toEqual({ ...emptyCount(), requests: 3, writeUnits: 4, conditionalFailures: 1 });
    expect(merged.Query?.readUnits).toBe(0.5);
    expect(a.PutItem.requests).toBe(1);
  });
});
