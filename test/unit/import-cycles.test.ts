/** lib/, handlers/ and web/ import each other in no circle at run time (`npm run check:cycles` prints the same). */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { findCycles, runtimeImports } from '../../scripts/check-cycles';

test('the detector finds a circle and ignores type-only imports', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  expect(findCycles(graph)).toEqual([['a', 'b', 'c']]);
  const here = path.join(__dirname, 'probe.ts');
  const imports = runtimeImports(
    here,
    "import type { A } from './import-cycles.test';\nimport { type B } from './lifecycle.test';\nimport { c } from './delivery.test';\nexport { d } from './push-retry.test';",
  );
  expect(imports.map((file) => path.basename(file))).toEqual(['delivery.test.ts', 'push-retry.test.ts']);
});

test('the backend and the pages have no import cycle', () => {
  const root = path.resolve(__dirname, '..', '..');
  const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'check-cycles.ts')], { cwd: root, encoding: 'utf8' });
  expect(output).toMatch(/^no import cycles among \d+ modules/);
});
