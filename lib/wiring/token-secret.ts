/**
 * The token signing secret, read once per container: SELLER_TOKEN_SECRET when set (local mode),
 * otherwise the SSM parameter. Its own module, so a route that only signs (InitChat, the REST
 * fallback) does not bundle the seller-token verifiers.
 */
import { config } from './config';
import { readSecureParameter } from '../platform/ssm-parameter';

let secretPromise: Promise<string> | undefined;

export function tokenSecret(): Promise<string> {
  secretPromise ??= (async () => {
    const fromEnv = config().sellerTokenSecret;
    if (fromEnv) return fromEnv;
    const name = config().tokenSecretParameter;
    if (!name) throw new Error('neither SELLER_TOKEN_SECRET nor TOKEN_SECRET_PARAMETER is set');
    return readSecureParameter(name, { region: config().region });
  })();
  // a failed read is not cached: the next request tries again
  secretPromise.catch(() => (secretPromise = undefined));
  return secretPromise;
}
