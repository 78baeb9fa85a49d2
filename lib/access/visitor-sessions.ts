/**
 * Who a visitor is. Our widget's visitors hold a server-issued session: the server picks the
 * visitor id (`vs.` and 128 random bits) and signs it; the widget trades the session for a
 * single-use connect ticket before each upgrade, so no long-lived secret travels in a URL.
 * The seed widget's bare `?userId=<deviceId>` is a device session: its deviceId is its only
 * secret, so it never gets a visitorToken, and no deviceId can fall in the issued namespace.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { badRequest, forbidden, unauthorized } from '../platform/errors';
import { parseJsonObjectSetting } from '../platform/json-setting';
import type { Identity } from '../model/identity';

const ISSUED_PREFIX = 'vs.';

/** True for an id the server issued (a visitor session's, or a verified customer's), never a deviceId. */
export const isIssuedVisitorId = (visitorId: string): boolean => visitorId.startsWith(ISSUED_PREFIX);

/** A new server-issued visitor id. */
export const newVisitorId = (): string => `${ISSUED_PREFIX}${randomBytes(16).toString('base64url')}`;

/** True for visitors whose id the server issued (a visitor session), false for device sessions and sellers. */
export const holdsVisitorSession = (identity: Identity): boolean => identity.role === 'visitor' && identity.userId.startsWith(ISSUED_PREFIX);

/**
 * A shop's logged-in customer: the shop signs the customer's id with the secret it shares with us
 * for its seller or team (HMAC-SHA256, hex, as Intercom's and Crisp's identity verification do),
 * and every device that shows the signature is the same visitor, so the customer's chats follow
 * it. The visitor id is derived from the target and the customer id, in the issued namespace.
 */
export interface SignedCustomer {
  /** the seller or team whose shop signed it */
  sellerId: string;
  customerId: string;
  signature: string;
}

/** CUSTOMER_SECRETS: `{"<sellerOrTeamId>": "<secret>"}`. */
export type CustomerSecrets = Record<string, string>;

export function parseCustomerSecrets(raw: string | undefined): CustomerSecrets {
  const value = parseJsonObjectSetting('CUSTOMER_SECRETS', raw, '{"<sellerOrTeamId>": "<secret>"}');
  for (const [target, secret] of Object.entries(value)) {
    if (typeof secret !== 'string' || secret.length < 16) throw new Error(`CUSTOMER_SECRETS["${target}"] must be a secret of at least 16 characters`);
  }
  return value as CustomerSecrets;
}

/** The signature a shop computes for its customer: hex HMAC-SHA256 of the customer id. */
export const customerSignature = (secret: string, customerId: string): string => createHmac('sha256', secret).update(customerId).digest('hex');

/** The visitor id of a verified customer; UNAUTHORIZED when the signature does not match, BAD_REQUEST when the target verifies no customers. */
export function verifiedCustomerVisitorId(secrets: CustomerSecrets, customer: SignedCustomer): string {
  const secret = secrets[customer.sellerId];
  if (!secret) throw badRequest(`${customer.sellerId} does not verify customers (no CUSTOMER_SECRETS entry)`);
  const expected = Buffer.from(customerSignature(secret, customer.customerId), 'hex');
  const given = Buffer.from(customer.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized('the customer signature does not match');
  const digest = createHash('sha256').update(`${customer.sellerId}\n${customer.customerId}`).digest('base64url').slice(0, 22);
  return `${ISSUED_PREFIX}${digest}`;
}

/** A deviceId the client names (on the upgrade or in a REST body) may not claim an issued id. */
export function checkDeviceId(deviceId: string): void {
  if (deviceId.startsWith(ISSUED_PREFIX)) throw badRequest(`ids starting with "${ISSUED_PREFIX}" belong to visitor sessions; connect with a ticket`);
}

/** DEVICE_SESSIONS_OFF: the sellers and teams whose chats only visitor sessions may start (`*`: all). */
export type DeviceSessionPolicy = ReadonlySet<string>;

export function parseDeviceSessionPolicy(raw: string | undefined): DeviceSessionPolicy {
  const targets = (raw ?? '')
    .split(',')
    .map((target) => target.trim())
    .filter(Boolean);
  return new Set(targets);
}

/** Throws FORBIDDEN when a device session starts a chat with a target that turned device sessions off. */
export function checkDeviceSessionAllowed(policy: DeviceSessionPolicy, visitor: Identity, target: string): void {
  if (!holdsVisitorSession(visitor)) refuseSecretlessStart(policy, target);
}

/** Throws FORBIDDEN when `target` turned off chats started without a visitor session (a device session, the seed's REST body). */
export function refuseSecretlessStart(policy: DeviceSessionPolicy, target: string): void {
  if (policy.has('*') || policy.has(target)) {
    throw forbidden(`${target} accepts chats from visitor sessions only; connect with a ticket from POST /v1/connect-tickets`);
  }
}
