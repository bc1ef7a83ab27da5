import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '../../contract/content-security-policy.ts';
import { webHostBridgePath } from '../../contract/bridge/transport.ts';
import { webHostMapGatewayPath } from '../../contract/map-gateway.ts';
import { serveMapGateway } from '../core/map-gateway/serve-map-gateway.ts';
import type { Services } from '../core/create-services.ts';
import { handleBridgeSocket } from './bridge-socket.ts';
import { LaunchKey } from './launch-key.ts';
import { send, serveStatic } from './static-files.ts';

export interface WebHostOptions {
  services: Services;
  /** The built renderer (electron-vite's out/renderer). */
  rendererDir: string;
  port?: number;
  /** The launch key; by default one whose cookie lasts only as long as this host (tests). */
  key?: LaunchKey;
}

export interface WebHost {
  /** Open this in a browser: it carries the launch key once, then a cookie takes over. */
  launchUrl: string;
  origin: string;
  close(): Promise<void>;
}

const securityHeaders = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * Runs the console engine behind a loopback-only HTTP server: the built renderer as static
 * files, and the bridge over a WebSocket. Used for tests and on machines without Electron.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const key = options.key ?? new LaunchKey();
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  let origin = '';

  // Only our own host names: a DNS-rebinding page would arrive with its own Host header.
  const hostAllowed = (req: IncomingMessage) => {
    const port = new URL(origin).port;
    return req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;
  };

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      console.error('[web-host] request failed:', error);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req)) return send(res, 421, 'text/plain; charset=utf-8', 'Unknown host', securityHeaders);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', securityHeaders);
    const url = new URL(req.url ?? '/', origin);
    if (key.matches(url.searchParams.get('key'))) {
      res.writeHead(303, { ...securityHeaders, 'set-cookie': key.cookie(), location: '/' });
      return void res.end();
    }
    if (!key.fromCookie(req)) {
      return send(res, 401, 'text/html; charset=utf-8', unauthorizedPage, securityHeaders);
    }
    // The tenant's online map, fetched by the engine for the page (docs/decisions/0240-map-gateway.md).
    if (url.pathname === webHostMapGatewayPath) return serveMapGateway(options.services.mapGateway, req, res, securityHeaders);
    await serveStatic(options.rendererDir, url.pathname, res, securityHeaders);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    const sameOrigin = req.headers.origin === origin || req.headers.origin === origin.replace('127.0.0.1', 'localhost');
    if (path !== webHostBridgePath || !hostAllowed(req) || !sameOrigin || !key.fromCookie(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      handleBridgeSocket(ws, options.services);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    launchUrl: `${origin}/?key=${key.value}`,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const unauthorizedPage = `<!doctype html><meta charset="utf-8"><title>Fleet Console</title>
<body style="font-family:system-ui;background:#0f141a;color:#e6edf3;padding:3rem">
<h1>Open the console from the link it printed</h1>
<p>For your security this console only opens through the link (with its launch key) that
<code>npm start</code> or <code>npm run console:web</code> printed in the terminal.</p></body>`;
