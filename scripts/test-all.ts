/**
 * `npm test`: the lint (ESLint, Prettier and Redocly's OpenAPI lint), the unit tests, the integration suite on dynalite and
 * on DynamoDB Local, and the browser tests, in that order, stopping at the first failure. What a
 * run needs beyond Node (Java 17 for DynamoDB Local, Chromium for the browser tests) is checked
 * first: a missing one is named in one line with the command that installs it, and its run is
 * reported as skipped by name.
 * Under CI=true (or REQUIRE_ALL_TEST_RUNS=1, both set by .ci/run) a run that would be skipped
 * fails the whole test instead.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

interface Run {
  name: string;
  script: string;
  /** why this run cannot start here, with the install command; undefined when it can */
  missing?: string;
}

/** The major version of the `java` on PATH, or undefined when there is none. */
function javaMajor(): number | undefined {
  const answer = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (answer.error || answer.status !== 0) return undefined;
  const match = `${answer.stderr}${answer.stdout}`.match(/version "(\d+)(?:\.(\d+))?/);
  if (!match) return undefined;
  // "1.8.0" is Java 8
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function plannedRuns(found: { javaMajor: number | undefined; chromium: boolean; chromiumPath: string }): Run[] {
  const java = found.javaMajor;
  return [
    { name: 'lint', script: 'lint' },
    { name: 'unit', script: 'test:unit' },
    { name: 'integration on dynalite', script: 'test:integration:dynalite' },
    {
      name: 'integration on DynamoDB Local',
      script: 'test:integration:dynamodb-local',
      missing:
        java === undefined
          ? 'DynamoDB Local needs Java 17 and no `java` is on PATH; install it with: sudo apt-get install -y openjdk-17-jre-headless'
          : java < 17
            ? `DynamoDB Local needs Java 17, this machine has Java ${java}; install it with: sudo apt-get install -y openjdk-17-jre-headless`
            : undefined,
    },
    {
      name: 'browser',
      script: 'test:browser',
      missing: found.chromium ? undefined : `the browser tests need Chromium at ${found.chromiumPath}; install it with: sudo apt-get install -y chromium`,
    },
  ];
}

function main(): number {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const runs = plannedRuns({ javaMajor: javaMajor(), chromium: executable(chromiumPath), chromiumPath });
  const skipped = runs.filter((run) => run.missing);
  for (const run of skipped) console.error(`missing: ${run.missing}`);
  const strict = process.env.REQUIRE_ALL_TEST_RUNS === '1' || process.env.CI === 'true';
  if (skipped.length && strict) {
    console.error(`CI=true (or REQUIRE_ALL_TEST_RUNS=1): refusing to skip ${skipped.map((run) => run.name).join(', ')}`);
    return 1;
  }
  for (const run of runs) {
    if (run.missing) continue;
    console.log(`\n=== ${run.name} (npm run ${run.script})`);
    const result = spawnSync('npm', ['run', '-s', run.script], { stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`\n${run.name} failed`);
      return result.status ?? 1;
    }
  }
  const ran = runs.filter((run) => !run.missing).map((run) => run.name);
  console.log(`\npassed: ${ran.join(', ')}`);
  if (skipped.length) console.log(`SKIPPED: ${skipped.map((run) => `${run.name} (${run.missing})`).join('; ')}`);
  return 0;
}

if (require.main === module) process.exitCode = main();
