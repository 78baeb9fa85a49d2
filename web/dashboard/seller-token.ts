/**
 * The seller's token: as pasted (or fetched in local mode), what its payload says, and
 * sessionStorage so a reload stays signed in. The token is not verified here: the server
 * does that on every call; the page only reads who it is for and when it expires.
 */
import { safeStorage } from '../shared/storage';

export interface SellerToken {
  token: string;
  sellerId: string;
  teams: string[];
  /** ms since the epoch, when the token has an `exp` */
  expiresAt?: number;
}

/** A token the page can tell is unusable before asking the server; the message is for the sign-in form. */
export class TokenError extends Error {}

const TOKEN_KEY = 'seller-dashboard:token';

function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function decodeSellerToken(raw: string, now = Date.now()): SellerToken {
  const token = raw.trim();
  const parts = token.split('.');
  if (!token) throw new TokenError('Paste your seller token first.');
  if (parts.length !== 3) throw new TokenError('That is not a seller token: a token is three parts separated by dots (a JWT).');
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(base64UrlDecode(parts[1] ?? '')) as Record<string, unknown>;
  } catch {
    throw new TokenError('That is not a seller token: its payload cannot be read.');
  }
  if (!payload || typeof payload !== 'object') throw new TokenError('That is not a seller token: its payload cannot be read.');
  if (payload.role !== undefined && payload.role !== 'seller') throw new TokenError(`This is a ${String(payload.role)} token, not a seller token.`);
  if (typeof payload.sub !== 'string' || !payload.sub) throw new TokenError('This token names no seller (its "sub" is missing).');
  const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  if (expiresAt !== undefined && expiresAt <= now) {
    throw new TokenError(`This token expired on ${new Date(expiresAt).toLocaleString()}. Get a new token and sign in again.`);
  }
  const teams = Array.isArray(payload.teams) ? payload.teams.filter((team): team is string => typeof team === 'string') : [];
  return { token, sellerId: payload.sub, teams, expiresAt };
}

const tabStorage = safeStorage('sessionStorage');

export const savedToken = () => tabStorage.get(TOKEN_KEY);
export const saveToken = (token: string) => tabStorage.set(TOKEN_KEY, token);
export const forgetToken = () => tabStorage.set(TOKEN_KEY, undefined);

/** Local mode only: a token signed with the local secret by the page's own server. */
export async function fetchLocalToken(sellerId: string, teams: string[]): Promise<string> {
  const query = new URLSearchParams({ sellerId });
  for (const team of teams) query.append('team', team);
  const response = await fetch(`/local/seller-token?${query.toString()}`);
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!response.ok || !body.token) throw new TokenError(body.error ?? `The local token server answered ${response.status}.`);
  return body.token;
}
