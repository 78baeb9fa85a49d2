/**
 * The environment a deployed function starts with, read from serverless.yml: `provider.environment`
 * with the function's own `environment` over it, the serverless variables resolved as a deploy with
 * no overrides resolves them (`${env:X, 'default'}` takes its default), and the values only AWS
 * knows (CloudFormation references such as the WebSocket API's endpoint) replaced by local ones.
 * The cold-`require` timing gives each bundle this environment, so every handler finds at load
 * exactly what it reads at load on AWS, and a variable added to serverless.yml reaches it too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';

type EnvValue = string | number | boolean | Record<string, unknown> | null | undefined;

interface ServerlessFile {
  service?: string;
  provider?: { stage?: string; region?: string; memorySize?: number; environment?: Record<string, EnvValue> };
  functions?: Record<string, { handler?: string; memorySize?: number; environment?: Record<string, EnvValue> }>;
}

export interface FunctionEnvOptions {
  stage: string;
  region?: string;
  /**
   * Local values for variables whose deploy value is a CloudFormation expression (an object in the
   * YAML) or names an AWS resource. A variable with an expression and no local value is an error.
   */
  local?: Record<string, string>;
  /** What `${env:X}` reads; empty by default, so every such variable takes the deploy's default. */
  env?: Record<string, string | undefined>;
}

/** Nothing listens there: a handler that talks to AWS at load (it should not) fails fast instead of reaching out. */
export const NOWHERE = 'http://127.0.0.1:9';

export const DEFAULT_LOCAL_VALUES: Record<string, string> = {
  WEBSOCKET_API_ENDPOINT: NOWHERE,
  // the bucket's Ref: its name only signs links, which a cold import never does
  ATTACHMENTS_BUCKET: 'seller-chat-bench-attachments',
};

export interface FunctionEnv {
  /** the function's name in serverless.yml */
  name: string;
  /** its handler file without extension, relative to the service, e.g. `handlers/send-message` */
  handlerFile: string;
  env: Record<string, string>;
}

/** Resolves `${self:...}`, `${sls:stage}`, `${opt:...}` and `${env:...}` in one string value. */
export function resolveVariables(value: string, context: { config: ServerlessFile; stage: string; region: string; env: Record<string, string | undefined> }): string {
  let out = value;
  // inner variables first: `${self:provider.environment.X}` may itself hold `${sls:stage}`
  for (let pass = 0; pass < 10 && out.includes('${'); pass++) {
    const next = out.replace(/\$\{([^${}]+)\}/g, (whole, body: string) => {
      const [source, ...rest] = body.split(',');
      const fallback = rest
        .join(',')
        .trim()
        .replace(/^(['"])(.*)\1$/, '$2');
      const ref = (source ?? '').trim();
      const resolved = lookup(ref, context);
      if (resolved !== undefined) return resolved;
      if (rest.length) return fallback;
      throw new Error(`serverless.yml: cannot resolve ${whole} locally`);
    });
    if (next === out) break;
    out = next;
  }
  return out;
}

function lookup(ref: string, context: { config: ServerlessFile; stage: string; region: string; env: Record<string, string | undefined> }): string | undefined {
  if (ref === 'sls:stage' || ref === 'opt:stage' || ref === 'self:provider.stage') return context.stage;
  if (ref === 'opt:region' || ref === 'self:provider.region' || ref === 'aws:region') return context.region;
  if (ref.startsWith('opt:')) return undefined;
  if (ref.startsWith('env:')) return context.env[ref.slice('env:'.length)] || undefined;
  if (ref.startsWith('self:')) {
    let node: unknown = context.config;
    for (const key of ref.slice('self:'.length).split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
    return typeof node === 'string' || typeof node === 'number' ? String(node) : undefined;
  }
  return undefined;
}

/** Every function of `config` with its resolved environment. */
export function functionEnvironments(config: ServerlessFile, options: FunctionEnvOptions): FunctionEnv[] {
  const region = options.region ?? 'us-east-1';
  const context = { config, stage: options.stage, region, env: options.env ?? {} };
  const local = { ...DEFAULT_LOCAL_VALUES, ...options.local };
  const service = resolveVariables(String(config.service ?? 'service'), context);
  return Object.entries(config.functions ?? {}).map(([name, fn]) => {
    const declared = { ...config.provider?.environment, ...fn.environment };
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(declared)) {
      if (key in local) env[key] = local[key] as string;
      else if (value === null || value === undefined) env[key] = '';
      else if (typeof value === 'object') throw new Error(`serverless.yml: ${key} is a CloudFormation expression; give it a local value`);
      else env[key] = resolveVariables(String(value), context);
    }
    const handler = fn.handler ?? '';
    const handlerFile = handler.slice(0, handler.lastIndexOf('.'));
    return {
      name,
      handlerFile,
      env: {
        // what the Lambda runtime itself sets for every function
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_LAMBDA_FUNCTION_NAME: `${service}-${options.stage}-${name}`,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize ?? config.provider?.memorySize ?? 1024),
        ...env,
      },
    };
  });
}

export function readServerlessFile(serviceDir: string): ServerlessFile {
  return load(readFileSync(path.join(serviceDir, 'serverless.yml'), 'utf8')) as ServerlessFile;
}

/**
 * The environment of the function(s) whose handler file is `handlers/<bundle>`: when several
 * functions share a file, their variables are merged (each of them must be able to load it).
 */
export function envOfBundle(envs: FunctionEnv[], bundle: string): Record<string, string> | undefined {
  const matching = envs.filter((fn) => path.basename(fn.handlerFile) === bundle);
  if (!matching.length) return undefined;
  return Object.assign({}, ...matching.map((fn) => fn.env)) as Record<string, string>;
}
