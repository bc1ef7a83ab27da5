/**
 * Builds bench/engine-memory-probe.ts into one ES module under out/bench/ (git-ignored), the
 * way electron.vite.config.ts builds the shipped Electron main: our code and typebox bundled,
 * unminified; node builtins, `ws` and `keytar` (native addon) left to node_modules. Used by
 * bench/engine-bridge.ts to measure the engine as it ships rather than as source.
 */
import { join } from 'node:path';
import { build } from 'vite';

const repoRoot = join(import.meta.dirname, '..');
export const bundledProbeDir = join(repoRoot, 'out', 'bench');
export const bundledProbeFile = join(bundledProbeDir, 'engine-memory-probe.mjs');

/** Returns the path of the built file; throws (with Vite's error) if the build fails. */
export async function buildBundledProbe(): Promise<string> {
  await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'error',
    // Same as the shipped main: only our code and typebox go into the bundle (ws and keytar are
    // what electron-vite's externalizeDeps leaves external there; builtins are always external).
    ssr: { noExternal: true, external: ['ws', 'keytar'], target: 'node' },
    build: {
      ssr: join(repoRoot, 'bench', 'engine-memory-probe.ts'),
      outDir: bundledProbeDir,
      emptyOutDir: true,
      target: 'node24',
      minify: false,
      reportCompressedSize: false,
      rolldownOptions: { output: { format: 'es', entryFileNames: 'engine-memory-probe.mjs' } },
    },
  });
  return bundledProbeFile;
}

if (import.meta.filename === process.argv[1]) console.log(await buildBundledProbe());
