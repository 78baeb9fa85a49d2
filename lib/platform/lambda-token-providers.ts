/**
 * Stands in for `@aws-sdk/token-providers` in the handler bundles (serverless.yml,
 * custom.esbuild.alias), as lambda-credentials.ts does for the credential chain. Bedrock's client
 * asks it for a bearer token only for Bedrock API keys, which on Lambda come from the environment
 * (`AWS_BEARER_TOKEN_BEDROCK`, read as the SDK reads it), never from an SSO login: the SSO chain and
 * its OIDC client would add about 20 KB to every bundle that answers, for a path that never runs.
 */
import { getBearerTokenEnvKey } from '@aws-sdk/core/httpAuthSchemes';
import { TokenProviderError } from '@smithy/core/config';

export const fromEnvSigningName =
  ({ signingName }: { signingName?: string } = {}) =>
  async (): Promise<{ token: string }> => {
    if (!signingName) throw new TokenProviderError('a bearer token from the environment needs a signing name');
    const key = getBearerTokenEnvKey(signingName);
    const token = process.env[key];
    if (token === undefined) throw new TokenProviderError(`no bearer token in ${key}`);
    return { token };
  };

/** The SSO chain: a Lambda has no SSO session, so it never has a token. */
export const nodeProvider = () => async (): Promise<never> => {
  throw new TokenProviderError('no SSO token on Lambda: the role signs (SigV4), or AWS_BEARER_TOKEN_BEDROCK holds an API key');
};
