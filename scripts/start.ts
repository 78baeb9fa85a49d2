/**
 * `npm start`: the whole backend locally, data kept in DATA_DIR across restarts. Prints the endpoints;
 * serverless-offline's output goes to DATA_DIR/logs/offline.log, and only its error lines to the
 * terminal, unless `npm start -- --verbose`.
 */
import path from 'node:path';
import { parseEngine } from './local-dynamodb';
import { localDataDir, localSecret, startStack, type Stack } from './stack';
import { importDemoKnowledge } from './knowledge';
import { buildWeb, DEMO_SELLER_ID, startWebServer, type WebServer } from './web';
import { readSetting } from '../lib/platform/settings';

/** A port setting: its variable, or its default from the settings registry. */
function portFromEnv(name: 'HTTP_PORT' | 'WS_PORT' | 'LAMBDA_PORT' | 'DYNAMODB_PORT' | 'S3_PORT' | 'WEB_PORT' | 'STREAM_PORT'): number {
  const raw = readSetting(name) as string;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return port;
}

/** The one option: `--verbose` (or `-v`) prints serverless-offline's output here too, as it goes to the log. */
function parseArgs(args: string[]): { verbose: boolean } {
  let verbose = false;
  for (const arg of args) {
    if (arg === '--verbose' || arg === '-v') verbose = true;
    else throw new Error(`unknown argument "${arg}": npm start takes only --verbose (npm start -- --verbose)`);
  }
  return { verbose };
}

/** Where serverless-offline's output goes (appended, each start marked). */
const offlineLogFile = (dataDir: string): string => path.join(dataDir, 'logs', 'offline.log');

function banner(stack: Stack, web: WebServer, engine: string, dataDir: string, logFile: string, verbose: boolean): string {
  const visitor = `${stack.wsUrl}?userId=device-1`;
  const seller = `${stack.wsUrl}?userId=seller-1&role=seller&token=$(npm run -s token -- seller-1)`;
  return `
seller-chat is running (stage ${stack.stage}, ${engine})
  Demo shop  ${web.url}/            (the widget, talking to seller-1; ?seller=<id> for another)
  Dashboard  ${web.url}/dashboard/  (sign in as seller-1 with the local-token button)
  WebSocket  ${stack.wsUrl}
  HTTP       ${stack.httpUrl}   (POST /sendmessage)
  Streams    ${stack.streamUrl}   (the conversation API, /v1/chat/conversations: answers as Server-Sent Events)
  DynamoDB   ${stack.dynamoEndpoint}
  S3         ${stack.s3Endpoint}   (the attachments bucket; files in ${dataDir}/s3)
  Data dir   ${dataDir}
  Log        ${logFile}   (serverless-offline's output; ${verbose ? 'also printed above' : 'here too with npm start -- --verbose'})

Seller token:  npm run -s token -- <sellerId> [--team <teamId>]
Visitor:       npx wscat -c '${visitor}'      (the seed widget's device session)
               > {"action":"InitChat","sellerId":"seller-1","userInfo":{"name":"Ada"}}
  or, as our widget connects (a visitor session's single-use ticket):
               npx wscat -c "${stack.wsUrl}?ticket=$(curl -s -X POST ${stack.httpUrl}/v1/connect-tickets | node -pe 'JSON.parse(fs.readFileSync(0)).ticket')"
Seller:        npx wscat -c "${seller}"
               > {"action":"sendMessage","to":"device-1","message":"hello"}
Conversation:  see README.md, "The conversation API" (curl -N ${stack.streamUrl}/v1/chat/conversations/<id>/messages …)

Ctrl-C stops everything; the data stays.
`;
}

async function main(): Promise<void> {
  const { verbose } = parseArgs(process.argv.slice(2));
  const dataDir = localDataDir();
  const logFile = offlineLogFile(dataDir);
  // ensureTables' SDK client runs in this process, which on Node 20 would print the SDK's "upgrade to node
  // >=22" notice (offline gets the same switch in startOffline); --verbose leaves it on
  if (!verbose) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const engine = parseEngine(readSetting('DDB_ENGINE'));
  let stack: Stack | undefined;
  let web: WebServer | undefined;
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    // before the stack is up there is nothing to stop gracefully: the exit hooks kill the children
    await web?.stop();
    await stack?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  // the demo shop's assistant answers its new chats first, from the demo knowledge, and hands over to its seller (ASSISTANT overrides)
  process.env.ASSISTANT ??= JSON.stringify({ [DEMO_SELLER_ID]: 'first' });
  stack = await startStack({
    engine,
    dataDir,
    secret: localSecret(dataDir),
    ports: {
      http: portFromEnv('HTTP_PORT'),
      ws: portFromEnv('WS_PORT'),
      lambda: portFromEnv('LAMBDA_PORT'),
      dynamo: portFromEnv('DYNAMODB_PORT'),
      s3: portFromEnv('S3_PORT'),
      stream: portFromEnv('STREAM_PORT'),
    },
    quiet: false,
    logFile,
    verbose,
  });
  // the demo shop's assistant needs something to answer from; a seller's own documents are never overwritten
  const demoDocuments = await importDemoKnowledge(stack.dynamoEndpoint, stack.stage, DEMO_SELLER_ID);
  if (demoDocuments.length) console.log(`imported the demo knowledge for ${DEMO_SELLER_ID}: ${demoDocuments.join(', ')}`);
  await buildWeb();
  web = await startWebServer({
    port: portFromEnv('WEB_PORT'),
    wsUrl: stack.wsUrl,
    httpUrl: stack.httpUrl,
    localTokenSecret: stack.secret,
  });
  console.log(banner(stack, web, engine, dataDir, logFile, verbose));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
