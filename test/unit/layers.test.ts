/** lib/, handlers/ and web/ import only down the layer order, type imports included, and never in a circle. */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { checkLayers, findCycles, importsOf, projectSources } from '../../scripts/check-layers';

test('the detector finds a circle', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  expect(findCycles(graph)).toEqual([['a', 'b', 'c']]);
});

test('type-only imports, re-exports and import() types all count', () => {
  const known = new Set(['lib/chat/a.ts', 'lib/chat/b.ts', 'lib/chat/c.ts', 'lib/chat/d.ts', 'lib/chat/e.ts']);
  const imports = importsOf(
    'lib/chat/probe.ts',
    "import type { A } from './a';\nimport { type B } from './b';\nimport { c } from './c';\nexport { d } from './d';\ntype E = import('./e').E;",
    (candidate) => known.has(candidate),
  );
  expect(imports).toEqual(['lib/chat/a.ts', 'lib/chat/b.ts', 'lib/chat/c.ts', 'lib/chat/d.ts', 'lib/chat/e.ts']);
});

describe('a deliberately wrong import fails the check', () => {
  /** The violations the fixture `file` adds to the project as it is. */
  const violationsWith = (file: string, text: string) => checkLayers(new Map([...projectSources(), [file, text]])).filter((line) => line.includes(file));

  test('a store that imports a use case (a type import, upwards)', () => {
    const violations = violationsWith('lib/store/wrong-way.ts', "import type { ChatLifecycle } from '../chat/lifecycle';\n");
    expect(violations).toEqual(['lib/store/wrong-way.ts -> lib/chat/lifecycle.ts: lib/store imports lib/chat, which sits above it']);
  });

  test('one page that imports the other', () => {
    const violations = violationsWith('web/widget/wrong-way.ts', "import type { DashboardState } from '../dashboard/state';\n");
    expect(violations).toEqual(['web/widget/wrong-way.ts -> web/dashboard/state.ts: web/widget and web/dashboard are siblings on one floor']);
  });

  test('a folder the order does not name', () => {
    const violations = violationsWith('lib/misc/helpers.ts', "import { badRequest } from '../platform/errors';\n");
    expect(violations).toEqual(['lib/misc/helpers.ts -> lib/platform/errors.ts: lib/misc is in no floor of the layer order']);
  });

  test('a circle inside one folder', () => {
    const sources = new Map([
      ['lib/chat/one.ts', "import type { Two } from './two';\nexport type One = Two;\n"],
      ['lib/chat/two.ts', "import type { One } from './one';\nexport type Two = One;\n"],
    ]);
    expect(checkLayers(sources)).toEqual(['import cycle: lib/chat/one.ts -> lib/chat/two.ts']);
  });
});

test('the backend and the pages have 0 violations (npm run check:layers prints the same)', () => {
  const root = path.resolve(__dirname, '..', '..');
  const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'check-layers.ts')], { cwd: root, encoding: 'utf8' });
  expect(output).toMatch(/^0 violations among \d+ modules \(type imports included\)$/m);
});
