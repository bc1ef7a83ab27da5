import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pbf': 'application/x-protobuf',
  // The offline basemap archive: read whole by the renderer (no Range requests needed).
  '.pmtiles': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

/** Resolves a URL path inside `root`, refusing anything that escapes it. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const candidate = normalize(join(root, decoded));
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep) ? candidate : null;
}

/**
 * Serves the built renderer. Unknown paths without an extension get index.html (client-side
 * routes); unknown assets get 404 so a broken build is visible rather than silently HTML.
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const target = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!target) return send(res, 400, 'text/plain; charset=utf-8', 'Bad path', headers);
  let file = target;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    if (extname(urlPath)) return send(res, 404, 'text/plain; charset=utf-8', 'Not found', headers);
    file = join(root, 'index.html');
  }
  const body = await readFile(file).catch(() => null);
  if (!body) return send(res, 503, 'text/plain; charset=utf-8', 'The console has not been built. Run "npm run build".', headers);
  const type = mimeTypes[extname(file)] ?? 'application/octet-stream';
  // Hashed assets can be cached for good; index.html must always be fresh.
  const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  send(res, 200, type, body, { ...headers, 'cache-control': cache });
}

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
