/**
 * `npm run docs:readme`: renders the README's configuration table from the settings registry
 * (lib/platform/settings.ts) between its `config` markers, so each default is written once. A unit
 * test fails when the README is out of date, and checks its module table and glossary against the code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SETTINGS, type Setting, type SettingName } from '../lib/platform/settings';
import { SETTING_DOCS, type SettingDoc } from '../lib/platform/settings-docs';

export const README = path.resolve(__dirname, '..', 'README.md');

const WHO: Record<SettingDoc['setBy'], string> = {
  operator: 'Set by whoever runs or deploys the service',
  deploy: 'Set by `serverless.yml` at deploy',
  'local runner': 'Set by the local runner (`npm start`, the tests) for its children',
};

/** The configuration tables: one per kind of setter, every variable of the registry once. */
export function renderConfigTables(): string {
  const entries = Object.entries(SETTINGS) as [string, Setting][];
  return (Object.keys(WHO) as SettingDoc['setBy'][])
    .map((setBy) => {
      const rows = entries
        .filter(([name]) => SETTING_DOCS[name as SettingName].setBy === setBy)
        .map(([name, setting]) => {
          const { doc, unset } = SETTING_DOCS[name as SettingName];
          return `| \`${name}\` | ${setting.default !== undefined ? `\`${setting.default}\`` : (unset ?? '(none)')} | ${doc} |`;
        });
      return `${WHO[setBy]}:\n\n| variable | default | meaning |\n|---|---|---|\n${rows.join('\n')}\n`;
    })
    .join('\n');
}

const START = '<!-- config:start (npm run docs:readme) -->';
const END = '<!-- config:end -->';

/** `readme` with its configuration section rendered afresh. */
export function withConfigTables(readme: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from === -1 || to === -1) throw new Error(`README.md needs the markers ${START} and ${END}`);
  return `${readme.slice(0, from + START.length)}\n${renderConfigTables()}${readme.slice(to)}`;
}

if (require.main === module) {
  writeFileSync(README, withConfigTables(readFileSync(README, 'utf8')));
  console.log(`wrote the configuration tables of ${path.relative(process.cwd(), README)}`);
}
