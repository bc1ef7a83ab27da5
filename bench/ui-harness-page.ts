/**
 * The bench:ui harness page (renderer/bench/ui-harness.html): built with the app's own modules
 * by Vite into a folder of this checkout, and served from it on a free port.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const root = join(import.meta.dirname, '..');
/** One build folder per checkout: two worktrees benching at once must not serve each other's page. */
export const harnessOutDir = join(tmpdir(), `fleet-ui-bench-${basename(root)}`);

export async function buildHarness(): Promise<void> {
  await build({
    root: join(root, 'renderer'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: harnessOutDir, emptyOutDir: true, rollupOptions: { input: join(root, 'renderer/bench/ui-harness.html') } },
  });
}

/** Serves a harness build folder (this checkout's by default); `url` is the harness page. */
export function serveHarness(dir = harnessOutDir): Promise<{ url: string; close(): void }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.geojson': 'application/json' };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    readFile(join(dir, path))
      .then((body) => res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body))
      .catch(() => res.writeHead(404).end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    resolve({ url: `http://127.0.0.1:${port}/bench/ui-harness.html`, close: () => server.close() });
  }));
}
