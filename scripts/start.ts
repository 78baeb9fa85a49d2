/** `npm start`: the whole backend locally, data kept in DATA_DIR across restarts. */
import { parseEngine } from './local-dynamodb';
import { localDataDir, localSecret, startStack, type Stack } from './stack';
import { buildWeb, startWebServer, type WebServer } from './web';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return port;
}

function banner(stack: Stack, web: WebServer, engine: string, dataDir: string): string {
  const visitor = `${stack.wsUrl}?userId=device-1`;
  const seller = `${stack.wsUrl}?userId=seller-1&role=seller&token=$(npm run -s token -- seller-1)`;
  return `
seller-chat is running (stage ${stack.stage}, ${engine})
  Demo shop  ${web.url}/            (the widget, talking to seller-1; ?seller=<id> for another)
  Dashboard  ${web.url}/dashboard/  (sign in as seller-1 with the local-token button)
  WebSocket  ${stack.wsUrl}
  HTTP       ${stack.httpUrl}   (POST /sendmessage)
  DynamoDB   ${stack.dynamoEndpoint}
  Data dir   ${dataDir}

Seller token:  npm run -s token -- <sellerId> [--team <teamId>]
Visitor:       npx wscat -c '${visitor}'      (the seed widget's device session)
               > {"action":"InitChat","sellerId":"seller-1","userInfo":{"name":"Ada"}}
  or, as our widget connects (a visitor session's single-use ticket):
               npx wscat -c "${stack.wsUrl}?ticket=$(curl -s -X POST ${stack.httpUrl}/v1/connect-tickets | node -pe 'JSON.parse(fs.readFileSync(0)).ticket')"
Seller:        npx wscat -c "${seller}"
               > {"action":"sendMessage","to":"device-1","message":"hello"}

Ctrl-C stops everything; the data stays.
`;
}

async function main(): Promise<void> {
  const dataDir = localDataDir();
  const engine = parseEngine(process.env.DDB_ENGINE);
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

  stack = await startStack({
    engine,
    dataDir,
    secret: localSecret(dataDir),
    ports: {
      http: portFromEnv('HTTP_PORT', 3000),
      ws: portFromEnv('WS_PORT', 3001),
      lambda: portFromEnv('LAMBDA_PORT', 3002),
      dynamo: portFromEnv('DYNAMODB_PORT', 8000),
    },
    quiet: false,
  });
  await buildWeb();
  web = await startWebServer({
    port: portFromEnv('WEB_PORT', 8080),
    wsUrl: stack.wsUrl,
    httpUrl: stack.httpUrl,
    localTokenSecret: stack.secret,
  });
  console.log(banner(stack, web, engine, dataDir));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
