import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MapGateway } from '../core/map-gateway/map-gateway.ts';
import { serveMapGateway } from '../core/map-gateway/serve-map-gateway.ts';
import { mapGatewayKeyHeader } from './engine-messages.ts';

export { mapGatewayKeyHeader };

export interface MapGatewayListener {
  port: number;
  key: string;
  close(): Promise<void>;
}

/**
 * The engine's map gateway on a loopback port, for Electron's main process: its `fleet-map:`
 * protocol handler forwards the page's map reads here (electron/main/map-gateway-scheme.ts), so
 * the tile server is fetched by the engine, as in the web host. A per-start key, given to the
 * parent only, keeps every other local program out; the page itself cannot connect here (its
 * CSP allows no loopback port) and would not know the key.
 */
export async function listenMapGateway(gateway: MapGateway): Promise<MapGatewayListener> {
  const key = randomBytes(32).toString('base64url');
  const expected = Buffer.from(key);
  const server = createServer((req, res) => {
    const given = Buffer.from(String(req.headers[mapGatewayKeyHeader] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || req.method !== 'GET') {
      return void res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Forbidden\n');
    }
    serveMapGateway(gateway, req, res).catch((error: unknown) => {
      console.error('[engine-host] map gateway request failed:', error);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    key,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
