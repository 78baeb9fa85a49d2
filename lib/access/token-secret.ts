/** The token signing secret: SELLER_TOKEN_SECRET when set (local mode), otherwise read once from SSM Parameter Store. */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { config } from '../platform/config';

let secretPromise: Promise<string> | undefined;

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
  // a failed read is not cached: the next request tries again
  secretPromise.catch(() => (secretPromise = undefined));
  return secretPromise;
}
