/** Seller and visitor tokens: HS256 JWTs signed with the deployment's token secret. */
import jwt from 'jsonwebtoken';
import { SSMClient, GetParameterCommand } from '@aws-sdk/client-ssm';
import { config } from './config';
import { unauthorized } from './errors';

export interface SellerClaims {
  sellerId: string;
  teams: string[];
  maxChats?: number;
}

export interface VisitorClaims {
  deviceId: string;
  contactId: string;
}

const ISSUER = 'seller-chat';
/** Tokens are minted for this service only: a token of another service with the same secret is refused. */
const AUDIENCE = 'seller-chat';

let secretPromise: Promise<string> | undefined;

/** The signing secret: SELLER_TOKEN_SECRET when set (local mode), otherwise read once from SSM. */
export function tokenSecret(): Promise<string> {
  secretPromise ??= (async () => {
    const fromEnv = process.env.SELLER_TOKEN_SECRET;
    if (fromEnv) return fromEnv;
    const name = config().tokenSecretParameter;
    if (!name) throw new Error('neither SELLER_TOKEN_SECRET nor TOKEN_SECRET_PARAMETER is set');
    const ssm = new SSMClient({ region: config().region });
    const answer = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    const value = answer.Parameter?.Value;
    if (!value) throw new Error(`SSM parameter ${name} is empty`);
    return value;
  })();
  secretPromise.catch(() => (secretPromise = undefined));
  return secretPromise;
}

export function signSellerToken(
  secret: string,
  sellerId: string,
  options: { teams?: string[]; maxChats?: number; expiresInSeconds?: number } = {},
): string {
  const payload: Record<string, unknown> = { role: 'seller' };
  if (options.teams?.length) payload.teams = options.teams;
  if (options.maxChats) payload.maxChats = options.maxChats;
  return jwt.sign(payload, secret, {
    algorithm: 'HS256',
    subject: sellerId,
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: options.expiresInSeconds ?? 12 * 60 * 60,
  });
}

export function signVisitorToken(secret: string, claims: VisitorClaims, expiresInSeconds: number): string {
  return jwt.sign({ role: 'visitor', cid: claims.contactId }, secret, {
    algorithm: 'HS256',
    subject: claims.deviceId,
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: expiresInSeconds,
  });
}

function verify(secret: string, token: string, role: string): jwt.JwtPayload {
  let payload: string | jwt.JwtPayload;
  try {
    // jsonwebtoken checks exp and nbf too
    payload = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
  } catch (error) {
    const reason = error instanceof jwt.TokenExpiredError ? 'token expired' : 'token invalid';
    throw unauthorized(reason);
  }
  if (typeof payload === 'string' || payload.role !== role || typeof payload.sub !== 'string' || !payload.sub) {
    throw unauthorized(`not a ${role} token`);
  }
  return payload;
}

/** Verifies a seller token; throws UNAUTHORIZED with the reason. */
export function verifySellerToken(secret: string, token: string): SellerClaims {
  const payload = verify(secret, token, 'seller');
  const teams = Array.isArray(payload.teams) ? payload.teams.filter((t): t is string => typeof t === 'string') : [];
  const maxChats = typeof payload.maxChats === 'number' && payload.maxChats > 0 ? payload.maxChats : undefined;
  return { sellerId: payload.sub as string, teams, maxChats };
}

/** Verifies a visitor token from the REST fallback; throws UNAUTHORIZED with the reason. */
export function verifyVisitorToken(secret: string, token: string): VisitorClaims {
  const payload = verify(secret, token, 'visitor');
  if (typeof payload.cid !== 'string') throw unauthorized('visitor token names no contact');
  return { deviceId: payload.sub as string, contactId: payload.cid };
}

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearerToken(headers: Record<string, string | undefined> | null | undefined): string | undefined {
  const header = headers?.authorization ?? headers?.Authorization;
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
