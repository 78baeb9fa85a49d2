/**
 * axe-core in the browser tests: the page gets axe's script (from node_modules, no network) and runs
 * the WCAG 2.0/2.1 A and AA rules on the whole document, open shadow roots included (the widget's
 * panel is one). A serious or critical violation fails the test, named with its nodes, so a state
 * that a test reaches is checked where it stands: `await expectNoSeriousViolations(page, 'widget: start form')`.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe on the page as it is now; every violation of the WCAG A/AA rules, whatever its impact. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.addScriptTag({ content: AXE_SOURCE });
  // a string body: the tests' tsconfig has no DOM types
  const script = `window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] })
    .then((results) => results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`;
  return (await page.evaluate(script)) as AxeViolation[];
}

/** One line per failing node, e.g. `color-contrast (serious) on .msg .time: Fix any of the following: …`. */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id} (${violation.impact}) on ${JSON.stringify(node.target)}: ${violation.help}; ${(node.failureSummary ?? '').replace(/\s+/g, ' ')}`,
    ),
  );
}

/** Fails when axe finds a serious or critical WCAG 2.1 A/AA violation on the page's current state, named by `label`. */
export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const serious = (await axeViolations(page)).filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''));
  expect({ state: label, violations: describeViolations(serious) }).toEqual({ state: label, violations: [] });
}
