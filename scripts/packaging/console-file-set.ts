/**
 * The files electron-builder packs into the console's installer, found by running electron-builder
 * itself (`--dir`, the unpacked app) against a stub Electron distribution: its own file matching,
 * `files`/`from`/`filter` rules, default exclusions and production node_modules collection run for
 * real, and nothing is downloaded. `asar` is turned off so the packed tree can be read from disk;
 * the set of files is the same either way (asar only changes the container).
 */
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PackedFile {
  /** Path inside the packed app folder, with forward slashes. */
  path: string;
  bytes: number;
}

export interface PackOptions {
  /** A project laid out like the repository: package.json, build/, out/ and node_modules as its config needs. */
  projectDir: string;
  /** The repository whose node_modules provides electron-builder. */
  toolsRoot: string;
}

/** Runs electron-builder (`--linux dir`) on `projectDir`; returns every packed file. */
export async function packedConsoleFiles({ projectDir, toolsRoot }: PackOptions): Promise<PackedFile[]> {
  const work = await mkdtemp(join(tmpdir(), 'console-pack-'));
  try {
    return await packInto(work, projectDir, toolsRoot);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function packInto(work: string, projectDir: string, toolsRoot: string): Promise<PackedFile[]> {
  const electronDist = await stubElectronDistribution(join(work, 'electron'));
  const output = join(work, 'dist');
  const bin = join(toolsRoot, 'node_modules/.bin');
  await run(
    join(bin, 'electron-builder'),
    [
      '--projectDir', projectDir,
      '--config', 'build/electron-builder.yml',
      '--linux', 'dir',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
      '-c.asar=false',
    ],
    { env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` }, maxBuffer: 16 * 1024 * 1024 },
  );
  const appDir = join(output, 'linux-unpacked/resources/app');
  return listFiles(appDir);
}

/** What electron-builder copies as "Electron": an executable named `electron` is all `--dir` needs. */
async function stubElectronDistribution(dir: string): Promise<string> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  await writeFile(join(dir, 'electron'), '#!/bin/sh\nexit 0\n');
  await chmod(join(dir, 'electron'), 0o755);
  await writeFile(join(dir, 'LICENSE'), '');
  await writeFile(join(dir, 'version'), '');
  return dir;
}

async function listFiles(root: string): Promise<PackedFile[]> {
  const files: PackedFile[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.push({ path: relative(root, full).split('\\').join('/'), bytes: (await stat(full)).size });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

interface LockFile {
  packages: Record<string, { version?: string; dev?: boolean; optional?: boolean; link?: boolean }>;
}

export async function readLock(path: string): Promise<LockFile> {
  return JSON.parse(await readFile(path, 'utf8')) as LockFile;
}

/**
 * A throwaway project with the repository's packaging layout: root package.json (electron-builder
 * reads Electron's version there), build/ (config, icons, the app manifest and its lock), out/,
 * and the app manifest's node_modules as `npm ci --prefix build/app --omit=dev` would install it — copied
 * from the repository's node_modules, after checking that every package has the version the app
 * lock pins (so no registry is needed).
 */
export async function stageConsoleProject(root: string): Promise<string> {
  const project = await mkdtemp(join(tmpdir(), 'console-project-'));
  await cp(join(root, 'package.json'), join(project, 'package.json'));
  await cp(join(root, 'out'), join(project, 'out'), { recursive: true });
  await cp(join(root, 'build'), join(project, 'build'), {
    recursive: true,
    filter: (source) => !relative(join(root, 'build'), source).split(/[\\/]/).includes('node_modules'),
  });
  const appLock = await readLock(join(root, 'build/app/package-lock.json'));
  for (const [path, entry] of Object.entries(appLock.packages)) {
    if (path === '' || entry.dev) continue;
    const installed = join(root, path);
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8').catch(() => '{}')) as { version?: string };
    if (manifest.version === undefined && entry.optional) continue; // an optional package that did not install here
    if (manifest.version !== entry.version) {
      throw new Error(`${path}: build/app/package-lock.json pins ${entry.version}, the repository has ${manifest.version ?? 'nothing'} installed`);
    }
    await cp(installed, join(project, 'build/app', path), { recursive: true });
  }
  return project;
}
