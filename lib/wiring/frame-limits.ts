/**
 * Per-identity buckets for the frames that store no message but cost a push, a write or a replay
 * (typing, resume, leaveEmail, visitorContext): one bucket request before the work, RATE_LIMITED with retryAfter past it.
 */
import { bucketNames, enforce } from '../access/rate-limit';
import type { Identity } from '../model/identity';
import { config } from './config';
import { rateLimiter } from './rate-limiter';

const what = { typing: 'typing frames', resume: 'resume frames', leaveEmail: 'emails left', visitorContext: 'page reports', attachments: 'upload forms' } as const;

export async function limitFrame(kind: keyof typeof what, sender: Identity): Promise<void> {
  const policy = config().rateLimits.frames[kind];
  await enforce(rateLimiter, [{ key: bucketNames.frames(kind, sender.role, sender.userId), policy, what: what[kind] }]);
}
