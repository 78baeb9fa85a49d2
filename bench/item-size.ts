/**
 * DynamoDB's billing arithmetic that the local engines leave out (bench/dynamo-counter.ts applies it):
 * the size of an item as DynamoDB measures it, the write units a failed conditional write consumes,
 * and the minimum read units of a read that finds nothing.
 */

export type AttributeValue = Record<string, unknown>;

function numberBytes(text: string): number {
  // DynamoDB stores numbers as up to 38 significant digits, two per byte, plus one byte
  const digits = text
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** Bytes of one attribute value in DynamoDB's JSON wire format. */
export function valueBytes(value: AttributeValue): number {
  const [type, inner] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(inner));
    case 'N':
      return numberBytes(String(inner));
    case 'B':
      return Buffer.from(String(inner), 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (inner as string[]).reduce((sum, s) => sum + Buffer.byteLength(s), 0);
    case 'NS':
      return (inner as string[]).reduce((sum, n) => sum + numberBytes(n), 0);
    case 'BS':
      return (inner as string[]).reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0);
    case 'L':
      // 3 bytes for the list, 1 per element
      return 3 + (inner as AttributeValue[]).reduce((sum, v) => sum + 1 + valueBytes(v), 0);
    case 'M':
      return 3 + Object.entries(inner as Record<string, AttributeValue>).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + valueBytes(v), 0);
    default:
      return 0;
  }
}

/** Bytes of an item: every attribute's name and value. */
export function itemBytes(item: Record<string, AttributeValue> | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0);
}

/**
 * Write units a conditional write that failed its condition consumes on AWS: one per KB of the existing
 * item (AWS bills the item the condition was evaluated against), at least 1.
 */
export function failedWriteUnits(existingItemBytes: number): number {
  return Math.max(1, Math.ceil(existingItemBytes / 1024));
}

/** The least a read is billed on AWS, items found or not: 0.5 read units eventually consistent, 1 strongly consistent. */
export function minimumReadUnits(consistentRead: boolean | undefined, reads = 1): number {
  return (consistentRead ? 1 : 0.5) * reads;
}
