/**
 * dynalite in a process of its own: `node --import tsx scripts/dynalite-server.ts <port> [dataDir]`.
 * Kept out of the launcher's process because a stop with requests in flight makes dynalite reject
 * promises nobody awaits ("Database is closed"), which would fail whatever runs beside it (a test).
 */
import dynalite from 'dynalite';

const [portArgument, dataDir] = process.argv.slice(2);
const port = Number(portArgument);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: dynalite-server.ts <port> [dataDir]');
  process.exit(2);
}

// tables are ACTIVE at once instead of after dynalite's default 500 ms
const server = dynalite({ path: dataDir || undefined, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
let stopping = false;

process.on('unhandledRejection', (reason) => {
  // requests cut off by the stop; their clients are already gone
  if (stopping) return;
  console.error('dynalite: unhandled rejection', reason);
  process.exit(1);
});

process.once('SIGTERM', () => {
  stopping = true;
  // keep-alive sockets of the SDK would hold close() open; close() then flushes and closes LevelDB
  server.closeAllConnections();
  server.close((error) => process.exit(error ? 1 : 0));
});

server.listen(port, '127.0.0.1');
