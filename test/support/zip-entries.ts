/** Files of a zip archive (stored or deflated, as `serverless package` writes them), read with node's zlib alone. */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** The files whose names `wanted` accepts, by name. */
export function zipEntries(zipFile: string, wanted: (name: string) => boolean): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const zip = readFileSync(zipFile);
  // the end-of-central-directory record: within the last 22 bytes plus the longest archive comment
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), zip.length - 22);
  if (end < 0 || end < zip.length - 22 - 0xffff) throw new Error(`${zipFile} is not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${zipFile}: bad central directory`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (wanted(entryName)) {
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      if (method !== 0 && method !== 8) throw new Error(`${zipFile}: ${entryName} uses compression method ${method}`);
      found.set(entryName, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    }
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return found;
}
