/** `npm run -s token -- <sellerId> [--team <teamId>]... [--max-chats N] [--ttl SECONDS]`: one seller token on stdout. */
import { signSellerToken } from '../lib/access/tokens';
import { localDataDir, localSecret } from './stack';

const USAGE = 'usage: npm run -s token -- <sellerId> [--team <teamId>]... [--max-chats N] [--ttl SECONDS]';

interface TokenRequest {
  sellerId: string;
  teams: string[];
  maxChats?: number;
  ttlSeconds?: number;
}

class UsageError extends Error {}

function positiveInt(flag: string, raw: string | undefined): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`${flag} needs a positive integer, got "${raw ?? ''}"`);
  return value;
}

function parseArgs(args: string[]): TokenRequest {
  const positional: string[] = [];
  const teams: string[] = [];
  let maxChats: number | undefined;
  let ttlSeconds: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    // `--team x` and `--team=x` alike
    const value = () => inline ?? args[++i];
    if (flag === '--team') {
      const team = value();
      if (!team) throw new UsageError('--team needs a team id');
      teams.push(team);
    } else if (flag === '--max-chats') maxChats = positiveInt('--max-chats', value());
    else if (flag === '--ttl') ttlSeconds = positiveInt('--ttl', value());
    else if (flag?.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError('exactly one sellerId is required');
  return { sellerId: positional[0] as string, teams, maxChats, ttlSeconds };
}

try {
  const request = parseArgs(process.argv.slice(2));
  const secret = localSecret(localDataDir());
  const token = signSellerToken(secret, request.sellerId, {
    teams: request.teams,
    maxChats: request.maxChats,
    expiresInSeconds: request.ttlSeconds,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n${USAGE}\n`);
  process.exitCode = 2;
}
