/** Stops the stack of global-setup and removes its temp data dir and esbuild work folder. */
import { removeTestDirs } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const run = globalThis.chatTestRun;
  if (!run) return;
  globalThis.chatTestRun = undefined;
  try {
    await new Promise((resolve) => (run.control ? run.control.close(resolve) : resolve(undefined)));
    await run.web?.stop();
    await run.stack?.stop();
    await run.faults?.stop();
  } finally {
    removeTestDirs(run);
  }
}
