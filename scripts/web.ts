/**
 * The two web pages: the visitor widget and the seller dashboard, bundled by esbuild into web/dist,
 * and a small static server for local mode (`npm start`) and the browser tests. On AWS the bundles
 * are static files for any CDN; nothing here runs there.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { signSellerToken } from '../lib/access/tokens';
import { customerSignature, parseCustomerSecrets } from '../lib/access/visitor-sessions';
import { REPO_ROOT } from './local-dynamodb';

const WEB_DIR = path.join(REPO_ROOT, 'web');
const WEB_DIST = path.join(WEB_DIR, 'dist');
/** the seller or team the demo shop's widget names unless its ?seller= says otherwise; `npm start` prints it */
export const DEMO_SELLER_ID = 'seller-1';
const BUNDLES = { widget: 'widget/widget.ts', dashboard: 'dashboard/dashboard.ts' } as const;

const bundleOptions = (entry: string, outfile: string): BuildOptions => ({
  entryPoints: [path.join(WEB_DIR, entry)],
  outfile,
  bundle: true,
  minify: true,
  format: 'iife',
  // the browsers a shop's visitors use: ES2019 keeps optional chaining out of older mobile Safari's way
  target: ['es2019'],
  legalComments: 'none',
  logLevel: 'warning',
});

/** Builds both bundles into web/dist (or `outDir`); returns their paths. */
export async function buildWeb(outDir = WEB_DIST): Promise<Record<keyof typeof BUNDLES, string>> {
  const widget = path.join(outDir, 'widget.js');
  const dashboard = path.join(outDir, 'dashboard.js');
  await Promise.all([build(bundleOptions(BUNDLES.widget, widget)), build(bundleOptions(BUNDLES.dashboard, dashboard))]);
  return { widget, dashboard };
}

export interface WebServerOptions {
  port: number;
  /** the chat backend the pages talk to */
  wsUrl: string;
  httpUrl: string;
  /** where buildWeb put the bundles */
  distDir?: string;
  /** local mode: the dashboard may ask this server for a seller token signed with the local secret */
  localTokenSecret?: string;
}

export interface WebServer {
  url: string;
  stop(): Promise<void>;
}

const ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** True for a Host header naming this machine's loopback (any port): what a local-only server may answer. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

/** Serves the demo shop (/), the dashboard (/dashboard/), the bundles, and in local mode /local/seller-token. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const distDir = options.distDir ?? WEB_DIST;
  const page = (name: string, values: Record<string, string>) =>
    readFileSync(path.join(WEB_DIR, name), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => escapeHtml(values[key] ?? ''));
  const pageValues = { WS_URL: options.wsUrl, API_URL: options.httpUrl, LOCAL_MODE: options.localTokenSecret ? 'true' : 'false' };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, type: string, body: string | Buffer) => response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    // a page on another site can point its own host name at 127.0.0.1 (DNS rebinding): only loopback names are served
    if (!isLoopbackHost(request.headers.host)) return send(421, 'text/plain', 'this server answers only for 127.0.0.1, localhost and [::1]');
    if (request.method !== 'GET') return send(405, 'text/plain', 'method not allowed');
    switch (url.pathname) {
      case '/': {
        const requested = url.searchParams.get('seller');
        const sellerId = requested && ID.test(requested) ? requested : DEMO_SELLER_ID;
        // ?customer= plays the shop's own server signing its logged-in customer with the seller's CUSTOMER_SECRETS entry
        const customerId = url.searchParams.get('customer') ?? '';
        const secret = parseCustomerSecrets(process.env.CUSTOMER_SECRETS)[sellerId];
        const customer: Record<string, string> = customerId && secret ? { CUSTOMER_ID: customerId, CUSTOMER_SIGNATURE: customerSignature(secret, customerId) } : {};
        return send(200, 'text/html; charset=utf-8', page('demo/index.html', { ...pageValues, SELLER_ID: sellerId, ...customer }));
      }
      case '/dashboard':
        return response.writeHead(302, { location: '/dashboard/' }).end();
      case '/dashboard/':
        return send(200, 'text/html; charset=utf-8', page('dashboard/index.html', pageValues));
      case '/widget.js':
      case '/dashboard.js':
        return send(200, 'text/javascript; charset=utf-8', readFileSync(path.join(distDir, url.pathname.slice(1))));
      case '/local/seller-token': {
        // local mode only: what `npm run -s token` prints, for the dashboard's sign-in form
        const sellerId = url.searchParams.get('sellerId') ?? '';
        const teams = url.searchParams.getAll('team').filter((team) => ID.test(team));
        if (!options.localTokenSecret) return send(404, 'text/plain', 'not found');
        if (!ID.test(sellerId)) return send(400, 'application/json', JSON.stringify({ error: 'sellerId must be 1-128 of A-Z a-z 0-9 . _ : @ -' }));
        return send(200, 'application/json', JSON.stringify({ token: signSellerToken(options.localTokenSecret, sellerId, { teams }) }));
      }
      default:
        return send(404, 'text/plain', 'not found');
    }
  };

  const server: Server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
