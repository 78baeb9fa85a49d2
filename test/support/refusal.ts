import { ChatError } from '../../lib/platform/errors';

/** The ChatError a synchronous call throws; fails the test when it throws nothing or something else. */
export function refusal(run: () => unknown): ChatError {
  try {
    run();
  } catch (error) {
    if (error instanceof ChatError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
