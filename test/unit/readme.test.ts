/** The README's glossary, module table and configuration tables, checked against the code. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BACKEND_FLOORS } from '../../scripts/check-layers';
import { README, withConfigTables } from '../../scripts/readme-doc';
import { SETTINGS } from '../../lib/platform/settings';

const ROOT = path.resolve(__dirname, '..', '..');
const readme = readFileSync(README, 'utf8');
const section = (heading: string) => {
  const from = readme.indexOf(heading);
  expect(from).toBeGreaterThan(-1);
  return readme.slice(from, readme.indexOf('\n## ', from + heading.length));
};
const tableRows = (text: string) => text.split('\n').filter((line) => /^\s*\| `/.test(line));
const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);

test('the configuration tables are rendered from the settings registry (npm run docs:readme)', () => {
  expect(readme).toBe(withConfigTables(readme));
  const documented = tableRows(section('## Configuration')).map((row) => ticked(row.split('|')[1] ?? '')[0]);
  expect(documented.sort()).toEqual(Object.keys(SETTINGS).sort());
});

test('the service reads the environment only through the settings registry and the configuration', () => {
  const readers: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, name.name);
      if (name.isDirectory()) walk(full);
      else if (full.endsWith('.ts') && /process\.env\b/.test(readFileSync(full, 'utf8'))) readers.push(path.relative(ROOT, full));
    }
  };
  walk(path.join(ROOT, 'lib'));
  walk(path.join(ROOT, 'handlers'));
  // signed-request reads the Lambda runtime's own credential variables, and lambda-token-providers the SDK's
  // AWS_BEARER_TOKEN_<service> (it stands in for the SDK's own reader): AWS's variables, not ours
  expect(readers.sort()).toEqual(['lib/platform/lambda-token-providers.ts', 'lib/platform/settings.ts', 'lib/platform/signed-request.ts', 'lib/wiring/config.ts']);
});

test('the module table names every module of lib/, in the layer order, and none that does not exist', () => {
  const rows = tableRows(section('## Architecture'));
  const folders = rows.map((row) => ticked(row.split('|')[1] ?? '')[0]);
  const layerFolders = BACKEND_FLOORS.flatMap((floor) => floor.dirs).map((dir) => (dir === 'handlers' ? 'handlers/' : `${dir.slice('lib/'.length)}/`));
  expect(folders).toEqual([...layerFolders].reverse());
  for (const row of rows) {
    const [folderCell, holdsCell] = row.split('|').slice(1, 3) as [string, string];
    const folder = ticked(folderCell)[0] as string;
    if (folder === 'handlers/') continue;
    const modules = readdirSync(path.join(ROOT, 'lib', folder))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.slice(0, -3));
    const named = ticked(holdsCell).filter((name) => /^[a-z0-9-]+$/.test(name));
    expect({ folder, missing: modules.filter((module) => !named.includes(module)) }).toEqual({ folder, missing: [] });
    // a backticked lower-case word that is no package (`aws-jwt-verify`) must be a module of the folder
    const unknown = named.filter((name) => !modules.includes(name) && !existsSync(path.join(ROOT, 'node_modules', name)));
    expect({ folder, unknown }).toEqual({ folder, unknown: [] });
  }
});

test('every word of the glossary names code that exists where it says', () => {
  const rows = section('## Glossary')
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| word') && !line.startsWith('|---'));
  expect(rows.length).toBeGreaterThanOrEqual(9);
  for (const row of rows) {
    const [identifier, file] = ticked(row.split('|')[3] ?? '') as [string, string];
    const source = path.join(ROOT, file);
    expect({ file, exists: existsSync(source) }).toEqual({ file, exists: true });
    expect({ file, identifier, found: new RegExp(`\\b${identifier}\\b`).test(readFileSync(source, 'utf8')) }).toEqual({ file, identifier, found: true });
  }
});
