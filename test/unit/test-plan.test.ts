/** `npm test`'s plan: which stages a machine can run, and what it says about the others. */
import { plannedRuns } from '../../scripts/test-all';

const names = (runs: ReturnType<typeof plannedRuns>) => runs.filter((run) => !run.missing).map((run) => run.name);

test('with Java 17 and Chromium every stage runs', () => {
  const runs = plannedRuns({ javaMajor: 17, chromium: true, chromiumPath: '/usr/bin/chromium' });
  expect(names(runs)).toEqual(['lint', 'unit', 'integration on dynalite', 'integration on DynamoDB Local', 'browser']);
});

test('on a machine with Node alone the lint, unit and dynalite stages run, and each skip names its install command', () => {
  const runs = plannedRuns({ javaMajor: undefined, chromium: false, chromiumPath: '/usr/bin/chromium' });
  expect(names(runs)).toEqual(['lint', 'unit', 'integration on dynalite']);
  const missing = runs.filter((run) => run.missing).map((run) => run.missing);
  expect(missing).toEqual([expect.stringContaining('sudo apt-get install -y openjdk-17-jre-headless'), expect.stringContaining('sudo apt-get install -y chromium')]);
});

test('an old Java is named with its version', () => {
  const [, , , dynamoLocal] = plannedRuns({ javaMajor: 11, chromium: true, chromiumPath: '/usr/bin/chromium' });
  expect(dynamoLocal?.missing).toContain('this machine has Java 11');
});
