/** The widget's and the dashboard's size budgets (25 KB gzipped, the limit) and the reconnect backoff both pages use. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb } from '../../scripts/web';
import { backoffDelay } from '../../web/shared/backoff';

describe('web bundles', () => {
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(path.join(os.tmpdir(), 'web-bundles-'));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  test('the widget is one script of at most 25 KB gzipped, with no framework and no import left', async () => {
    const { widget } = await buildWeb(outDir);
    const code = readFileSync(widget);
    expect(gzipSync(code).length).toBeLessThanOrEqual(25 * 1024);
    expect(code.toString()).not.toMatch(/\brequire\(|\bimport\s*\(/);
  });

  test("the dashboard's script is at most 25 KB gzipped, and its page (markup and styles) under 8 KB", async () => {
    const { dashboard } = await buildWeb(outDir);
    expect(gzipSync(readFileSync(dashboard)).length).toBeLessThanOrEqual(25 * 1024);
    expect(gzipSync(readFileSync(path.join(__dirname, '..', '..', 'web', 'dashboard', 'index.html'))).length).toBeLessThanOrEqual(8 * 1024);
  });
});

describe('backoffDelay', () => {
  test('doubles from the minimum up to the cap', () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 500, 15_000, noJitter))).toEqual([500, 1000, 2000, 4000, 15_000]);
  });

  test('jitter takes off at most half, so reconnecting clients spread out but never wait longer than the cap', () => {
    expect(backoffDelay(2, 500, 15_000, () => 0.999)).toBe(1001);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(20, 500, 15_000);
      expect(delay).toBeGreaterThanOrEqual(7500);
      expect(delay).toBeLessThanOrEqual(15_000);
    }
  });
});
