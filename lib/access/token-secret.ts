/** The token signing secret: SELLER_TOKEN_SECRET when set (local mode), otherwise read once from SSM Parameter Store. */
import { config } from '../platform/config';
import { readSecureParameter } from '../platform/ssm-parameter';

let secretPromise: Promise<string> | undefined;

export function tokenSecret(): Promise<string> {
  secretPromise ??= (async () => {
    const fromEnv = process.env.SELLER_TOKEN_SECRET;
    if (fromEnv) return fromEnv;
    const name = config().tokenSecretParameter;
    if (!name) throw new Error('neither SELLER_TOKEN_SECRET nor TOKEN_SECRET_PARAMETER is set');
    return readSecureParameter(name, { region: config().region });
  })();
  // a failed read is not cached: the next request tries again
  secretPromise.catch(() => (secretPromise = undefined));
  return secretPromise;
}
