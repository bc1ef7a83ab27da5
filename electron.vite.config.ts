import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './contract/content-security-policy.ts';

/** The CSP goes into the built page only: in dev, Vite's refresh preamble is an inline script. */
const cspMetaTag = (): Plugin => ({
  name: 'fleet-csp-meta',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy }, injectTo: 'head-prepend' }],
});

/**
 * Module preload links for the workspace chunk and every chunk it imports (MapLibre, 1 MB): the
 * page then fetches and compiles them alongside its first chunks, instead of after its first
 * chunks have run and asked for the workspace (docs/decisions/0365-first-paint-critical-path.md).
 * The sign-in screen does not wait for them: preloads do not block the entry module.
 */
const preloadWorkspaceChunk = (): Plugin => ({
  name: 'fleet-preload-workspace',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler(_html, { bundle }) {
      const chunks = new Map(Object.values(bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
      const workspace = [...chunks.values()].find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith('/renderer/src/app/WorkspaceShell.tsx'));
      if (!workspace) throw new Error('fleet-preload-workspace: no chunk for app/WorkspaceShell.tsx');
      const entry = [...chunks.values()].find((c) => c.isEntry);
      // What the entry already preloads (its static imports) needs no second link.
      const early = new Set<string>();
      const walk = (name: string, into: Set<string>) => {
        if (into.has(name) || !chunks.has(name)) return;
        into.add(name);
        for (const next of chunks.get(name)?.imports ?? []) walk(next, into);
      };
      if (entry) walk(entry.fileName, early);
      const files = new Set<string>();
      walk(workspace.fileName, files);
      const late = [...files].filter((file) => !early.has(file));
      // Vite's loader waits for a chunk's stylesheets before the import resolves: fetch those early too.
      const css = late.flatMap((file) => [...(chunks.get(file)?.viteMetadata?.importedCss ?? [])]);
      return [
        ...late.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const })),
        ...css.map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const })),
      ];
    },
  },
});

const here = import.meta.dirname;

export default defineConfig({
  // Three Node programs in one build, so they share chunks: the Electron main process, the engine
  // process main starts with utilityProcess.fork (out/engine-host/index.js), and the web host
  // (out/web-host/index.js) that runs the same engine under plain Node (docs/decisions/0070-engine-in-its-own-process.md).
  // Main is built first and empties out/; preload and renderer are built after it.
  main: {
    build: {
      outDir: 'out',
      emptyOutDir: true,
      // typebox loaded from node_modules is 681 ES modules and costs ~28 MB RSS; bundled it costs
      // ~6 MB (docs/decisions/0031-engine-memory.md). Other deps stay external; keytar is optional
      // and loaded by a non-literal specifier, so the bundler never sees it.
      externalizeDeps: { exclude: ['typebox'] },
      rollupOptions: {
        input: {
          'main/index': resolve(here, 'electron/main/index.ts'),
          'engine-host/index': resolve(here, 'electron/engine-host/main.ts'),
          'web-host/index': resolve(here, 'electron/web-host/main.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() node_modules: bundle everything into one CJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve(here, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(here, 'renderer'),
    plugins: [react(), cspMetaTag(), preloadWorkspaceChunk()],
    build: {
      outDir: resolve(here, 'out/renderer'),
      // electron-vite leaves bundles unminified by default; the renderer is the one that loads on start.
      // RENDERER_UNMINIFIED=1 (benches taking CPU profiles) keeps function names readable.
      minify: process.env.RENDERER_UNMINIFIED !== '1',
      rollupOptions: {
        input: { index: resolve(here, 'renderer/index.html') },
        // Vendors in chunks of their own: an app update leaves them cached (the web host serves
        // hashed assets as immutable), and MapLibre (the largest) loads only with the workspace
        // chunk. Features off the first screen split at their import() (docs/decisions/0085-renderer-code-splitting.md).
        output: {
          codeSplitting: {
            groups: [
              { name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/, priority: 2 },
              { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 1 },
            ],
          },
        },
      },
    },
  },
});
