/**
 * Who a visitor is. Our widget's visitors hold a server-issued session: the server picks the
 * visitor id (`vs.` and 128 random bits) and signs it; the widget trades the session for a
 * single-use connect ticket before each upgrade, so no long-lived secret travels in a URL.
 * The seed widget's bare `?userId=<deviceId>` is a device session: its deviceId is its only
 * secret, so it never gets a visitorToken, and no deviceId can fall in the issued namespace.
 */
import { randomBytes } from 'node:crypto';
import { badRequest, forbidden } from '../platform/errors';
import type { Identity } from './identity';

const ISSUED_PREFIX = 'vs.';

/** A new server-issued visitor id. */
export const newVisitorId = (): string => `${ISSUED_PREFIX}${randomBytes(16).toString('base64url')}`;

/** True for visitors whose id the server issued (a visitor session), false for device sessions and sellers. */
export const holdsVisitorSession = (identity: Identity): boolean => identity.role === 'visitor' && identity.userId.startsWith(ISSUED_PREFIX);

/** A deviceId the client names (on the upgrade or in a REST body) may not claim an issued id. */
export function checkDeviceId(deviceId: string): void {
  if (deviceId.startsWith(ISSUED_PREFIX)) throw badRequest(`ids starting with "${ISSUED_PREFIX}" belong to visitor sessions; connect with a ticket`);
}

/** DEVICE_SESSIONS_OFF: the sellers and teams whose chats only visitor sessions may start (`*`: all). */
export type DeviceSessionPolicy = ReadonlySet<string>;

export function parseDeviceSessionPolicy(raw: string | undefined): DeviceSessionPolicy {
  const targets = (raw ?? '').split(',').map((target) => target.trim()).filter(Boolean);
  return new Set(targets);
}

/** Throws FORBIDDEN when a device session starts a chat with a target that turned device sessions off. */
export function checkDeviceSessionAllowed(policy: DeviceSessionPolicy, visitor: Identity, target: string): void {
  if (holdsVisitorSession(visitor)) return;
  if (policy.has('*') || policy.has(target)) {
    throw forbidden(`${target} accepts chats from visitor sessions only; connect with a ticket from POST /v1/connect-tickets`);
  }
}
