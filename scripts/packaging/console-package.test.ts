/**
 * The console's installer, as electron-builder would pack it today (console-file-set.ts), holds
 * the built console and its native modules only. Slow by nature (a real electron-builder run,
 * ~20 s here), so it packs once for all assertions.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedConsoleFiles, readLock, stageConsoleProject, type PackedFile } from './console-file-set.ts';
import { bundleExternals, forbiddenInConsolePackage } from './console-package-rules.ts';

const root = join(import.meta.dirname, '../..');
const run = promisify(execFile);

interface Manifest {
  name: string;
  version: string;
  main?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const readManifest = async (path: string) => JSON.parse(await readFile(join(root, path), 'utf8')) as Manifest;
const runtimeDependencies = (manifest: Manifest) => ({ ...manifest.dependencies, ...manifest.optionalDependencies });

let packed: PackedFile[] = [];
let project = '';

beforeAll(async () => {
  // The bundles are part of the file set: build them where nothing has yet (a fresh clone).
  if (!existsSync(join(root, 'out/main/index.js'))) {
    await run(join(root, 'node_modules/.bin/electron-vite'), ['build'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  }
  project = await stageConsoleProject(root);
  packed = await packedConsoleFiles({ projectDir: project, toolsRoot: root });
  const bytes = packed.reduce((sum, file) => sum + file.bytes, 0);
  const modules = packed.filter((file) => file.path.startsWith('node_modules/')).reduce((sum, file) => sum + file.bytes, 0);
  console.log(
    `Console installer file set: ${packed.length} files, ${(bytes / 1e6).toFixed(1)} MB ` +
      `(out/ ${((bytes - modules) / 1e6).toFixed(1)} MB, node_modules ${(modules / 1e6).toFixed(2)} MB)`,
  );
}, 300_000);

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe('the console installer', () => {
  it('holds the app manifest, the built console and its runtime modules, nothing else', async () => {
    const root_ = await readManifest('package.json');
    const appLock = await readLock(join(root, 'build/app/package-lock.json'));
    const appTree = Object.keys(appLock.packages).filter((path) => path !== '').map((path) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    const problems = forbiddenInConsolePackage(packed.map((file) => file.path), { devDependencies: Object.keys(root_.devDependencies ?? {}), appTree });
    expect(problems).toEqual([]);
    expect(packed.map((file) => file.path)).toEqual(expect.arrayContaining(['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']));
  });

  it('packs every package the Node-side bundles load at run time', async () => {
    const app = await readManifest('build/app/package.json');
    const declared = new Set(Object.keys(runtimeDependencies(app)));
    const missing: string[] = [];
    const out = join(root, 'out');
    for (const entry of await readdir(out, { recursive: true, withFileTypes: true })) {
      // The renderer runs in Chromium and cannot load packages at all; everything else is Node-side.
      const path = join(entry.parentPath, entry.name);
      if (!entry.isFile() || !/\.(js|mjs|cjs)$/.test(entry.name) || path.startsWith(join(out, 'renderer'))) continue;
      for (const name of bundleExternals(await readFile(path, 'utf8'))) {
        if (!declared.has(name)) missing.push(`${name} (loaded by ${path.slice(root.length + 1)})`);
      }
    }
    expect(missing, 'add these to build/app/package.json (and its lock: npm install --package-lock-only --prefix build/app)').toEqual([]);
  });

  it('has an app manifest that agrees with the repository', async () => {
    const [root_, app] = await Promise.all([readManifest('package.json'), readManifest('build/app/package.json')]);
    expect(app.name).toBe(root_.name);
    expect(app.version).toBe(root_.version);
    expect(app.main).toBe('out/main/index.js');
    expect(existsSync(join(root, 'out', '..', app.main ?? ''))).toBe(true);
    // One version of each shared package across both manifests, so development tests what ships.
    const rootVersions = runtimeDependencies(root_);
    for (const [name, version] of Object.entries(runtimeDependencies(app))) expect(`${name}@${rootVersions[name]}`).toBe(`${name}@${version}`);
  });
});
