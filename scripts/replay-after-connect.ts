/**
 * `npm run replay:after-connect`: invokes afterConnect again for each event the local stack kept
 * after it failed (DATA_DIR/after-connect-failures), through the running `npm start`'s Lambda
 * endpoint, and removes each record once its replay succeeded. On AWS the records wait in the SQS
 * failure queue instead (docs/operations.md, "Replaying the failure queue").
 */
import { afterConnectFailuresDir, localDataDir } from './stack';
import { offlineInvoker, replayFailures } from '../lib/jobs/after-connect-failures';
import { afterConnectFunctionName, readSetting } from '../lib/platform/settings';

async function main(): Promise<number> {
  const dir = afterConnectFailuresDir(localDataDir());
  const stage = readSetting('STAGE') as string;
  const port = Number(readSetting('LAMBDA_PORT'));
  const { replayed, failed } = await replayFailures(dir, offlineInvoker(port, afterConnectFunctionName(stage)));
  console.log(`replayed ${replayed} afterConnect event(s) from ${dir}`);
  for (const failure of failed) console.error(`still failing, kept: ${failure.file}: ${failure.error}`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
