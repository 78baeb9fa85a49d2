/**
 * Stands in for `@aws-sdk/credential-provider-node` in the handler bundles (serverless.yml,
 * custom.esbuild.alias). A Lambda always finds its role's credentials in the environment, and the
 * local stack sets dummy ones there; the full chain (profiles, SSO, login, STS and their clients)
 * would add about 110 KB to every bundle and 20 ms to every cold start for paths that never run.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = () => fromEnv();
