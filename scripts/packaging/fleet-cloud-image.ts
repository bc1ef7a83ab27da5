/**
 * The fleet cloud image's file tree without a Docker engine: the build context filtered by the
 * Dockerfile's .dockerignore, the final stage's COPY instructions, and node_modules as the
 * dependencies stage's `npm ci --omit=dev --omit=optional` installs them from the lock (copied
 * from the repository's node_modules, which `npm ci` filled from the same lock).
 */
import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, matchesGlob, posix } from 'node:path';

export interface CopyInstruction {
  /** `--from=<stage>`, absent for the build context. */
  stage?: string;
  sources: string[];
  /** Absolute in the image. */
  destination: string;
  /** `dest/` or `.`: files land inside it under their own names. */
  intoDirectory: boolean;
}

export interface DockerStage {
  name?: string;
  workdir: string;
  copies: CopyInstruction[];
  runs: string[];
}

/** The stages of a Dockerfile, with what the image assembly needs of each. */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  for (const line of lines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const stage = stages.at(-1);
    switch (keyword.toUpperCase()) {
      case 'FROM': {
        const as = rest.findIndex((word) => word.toUpperCase() === 'AS');
        stages.push({ ...(as === -1 ? {} : { name: rest[as + 1] }), workdir: '/', copies: [], runs: [] });
        break;
      }
      case 'WORKDIR':
        if (stage) stage.workdir = posix.resolve(stage.workdir, rest.join(' '));
        break;
      case 'RUN':
        stage?.runs.push(rest.join(' '));
        break;
      case 'COPY': {
        const flags = rest.filter((word) => word.startsWith('--'));
        const paths = rest.filter((word) => !word.startsWith('--'));
        const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
        const destination = paths.pop() ?? '';
        if (stage) {
          const intoDirectory = destination.endsWith('/') || destination === '.' || paths.length > 1;
          stage.copies.push({ ...(from ? { stage: from } : {}), sources: paths, destination: posix.resolve(stage.workdir, destination), intoDirectory });
        }
        break;
      }
    }
  }
  return stages;
}

/** A .dockerignore as a predicate on context paths: the last matching pattern wins, and a pattern that matches a folder decides for everything in it. */
export function dockerignoreFilter(text: string): (path: string) => boolean {
  const rules = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => (line.startsWith('!') ? { include: true, pattern: line.slice(1) } : { include: false, pattern: line }));
  return (path) => {
    const parts = path.split('/');
    const candidates = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
    let included = true;
    for (const rule of rules) {
      if (candidates.some((candidate) => matchesGlob(candidate, rule.pattern))) included = rule.include;
    }
    return included;
  };
}

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  link?: boolean;
}

/** Lock paths `npm ci --omit=dev --omit=optional` installs. */
export function productionPackages(lock: { packages: Record<string, LockEntry> }): string[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.optional && !entry.devOptional && !entry.link)
    .map(([path]) => path);
}

/** The one install command the assembly knows how to reproduce. */
export const dependencyInstall = /\bnpm ci --omit=dev --omit=optional\b/;

/**
 * Writes into `target` the files the image's final stage holds under its WORKDIR. Throws on a
 * COPY source that does not exist or a dependencies stage that installs differently.
 */
export async function assembleImage(root: string, dockerfile: string, target: string): Promise<void> {
  const stages = parseDockerfile(await readFile(join(root, dockerfile), 'utf8'));
  const included = dockerignoreFilter(await readFile(join(root, `${dockerfile}.dockerignore`), 'utf8'));
  const final = stages.at(-1);
  if (!final) throw new Error(`${dockerfile} has no FROM`);
  const inImage = (destination: string) => join(target, posix.relative(final.workdir, destination));

  for (const copy of final.copies) {
    if (copy.stage !== undefined) {
      const stage = stages.find((candidate) => candidate.name === copy.stage);
      if (!stage?.runs.some((command) => dependencyInstall.test(command))) {
        throw new Error(`COPY --from=${copy.stage}: only a stage that runs \`npm ci --omit=dev --omit=optional\` can be reproduced here`);
      }
      if (copy.sources.join() !== posix.join(stage.workdir, 'node_modules')) throw new Error(`COPY --from=${copy.stage} copies ${copy.sources.join()}, expected its node_modules`);
      await copyProductionModules(root, inImage(copy.destination));
      continue;
    }
    for (const source of copy.sources) {
      if (!included(source)) throw new Error(`COPY ${source}: excluded from the build context by ${dockerfile}.dockerignore`);
      const files = await contextFiles(root, source, included);
      if (files.length === 0) throw new Error(`COPY ${source}: no such file or folder in the repository`);
      // A file source lands at the destination (or inside it, with its name); a folder's contents land inside it.
      const isFile = files.length === 1 && files[0] === source;
      for (const file of files) {
        const destination = isFile ? (copy.intoDirectory ? posix.join(copy.destination, posix.basename(file)) : copy.destination) : posix.join(copy.destination, posix.relative(source, file));
        await mkdir(dirname(inImage(destination)), { recursive: true });
        await cp(join(root, file), inImage(destination));
      }
    }
  }
}

/** Context files at or under `source` that the ignore file lets through. */
async function contextFiles(root: string, source: string, included: (path: string) => boolean): Promise<string[]> {
  const entries = await readdir(join(root, source), { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOTDIR') return null;
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries === null) return included(source) ? [source] : [];
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => posix.join(source, posix.relative(join(root, source).split('\\').join('/'), join(entry.parentPath, entry.name).split('\\').join('/'))))
    .filter(included);
}

async function copyProductionModules(root: string, target: string): Promise<void> {
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  for (const path of productionPackages(lock)) {
    // Nested node_modules are lock entries of their own; copy each package without them.
    await cp(join(root, path), join(target, path.slice('node_modules/'.length)), {
      recursive: true,
      filter: (source) => !source.slice(join(root, path).length).split(/[\\/]/).includes('node_modules'),
    });
  }
}
