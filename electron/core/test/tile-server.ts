import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const basemapDir = join(import.meta.dirname, '../../../resources/basemap');

export interface TileServer {
  origin: string;
  /** Paths asked for, with the Range header if any (`/basemap.pmtiles bytes=0-16383`). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A real tile server for tests, on a loopback port: the basemap archive shipped in
 * resources/basemap with HTTP Range support (206 + Content-Range, ETag), a glyph range, a
 * style.json naming `tilesOrigin` for its tiles (default: itself), a gzip-encoded JSON, a redirect
 * to `/redirect?to=…`, an answer that never comes (`/silent`) and one that claims to be huge.
 */
export async function startTileServer(options: { tilesOrigin?: string } = {}): Promise<TileServer> {
  const archive = await readFile(join(basemapDir, 'basemap.pmtiles'));
  const requests: string[] = [];
  let origin = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(req.headers.range ? `${url.pathname} ${req.headers.range}` : url.pathname);
    switch (url.pathname) {
      case '/basemap.pmtiles':
        return serveRange(req, res, archive);
      case '/style.json':
        return void res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' }).end(JSON.stringify(style(options.tilesOrigin ?? origin, origin)));
      case '/tiles.json':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ tilejson: '3.0.0', tiles: [`${options.tilesOrigin ?? origin}/{z}/{x}/{y}.pbf`] }));
      case '/gzipped.json':
        return void res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync('{"compressed":true}'));
      case '/redirect':
        return void res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
      case '/huge':
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(1024 * 1024 * 1024) });
        return void res.write(Buffer.alloc(1024));
      case '/silent':
        return; // never answers
      default:
        readFile(join(basemapDir, 'glyphs', decodeURIComponent(url.pathname.replace(/^\/glyphs\//, '')).replace(/\.\./g, '')))
          .then((body) => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(body))
          .catch(() => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function serveRange(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const headers = { 'content-type': 'application/vnd.pmtiles', etag: '"basemap-1"', 'accept-ranges': 'bytes', 'cache-control': 'max-age=3600' };
  const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  if (!range) return void res.writeHead(200, { ...headers, 'content-length': String(body.length) }).end(body);
  const start = Number(range[1]);
  const end = Math.min(Number(range[2]), body.length - 1);
  res.writeHead(206, { ...headers, 'content-length': String(end - start + 1), 'content-range': `bytes ${start}-${end}/${body.length}` }).end(body.subarray(start, end + 1));
}

function style(tilesOrigin: string, origin: string) {
  return {
    version: 8,
    glyphs: `${origin}/glyphs/{fontstack}/{range}.pbf`,
    sources: {
      archive: { type: 'vector', url: `pmtiles://${origin}/basemap.pmtiles` },
      tiles: { type: 'vector', tiles: [`${tilesOrigin}/{z}/{x}/{y}.pbf`] },
    },
    layers: [{ id: 'bg', type: 'background' }],
  };
}
