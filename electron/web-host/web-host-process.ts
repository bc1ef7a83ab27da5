import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The built web host, as `npm run build` writes it (electron.vite.config.ts). */
export const webHostBundle = join(import.meta.dirname, '..', '..', 'out', 'web-host', 'index.js');

export interface WebHostProcessOptions {
  /** The console profile (CONSOLE_PROFILE_DIR): offline caches and profile.json. */
  profileDir: string;
  /** Loopback port (default 0: any free one). */
  port?: number;
  /** Node options placed before the bundle, e.g. `--import` of a test hook. */
  nodeArgs?: string[];
  /** More environment for the child (on top of this process's). */
  env?: NodeJS.ProcessEnv;
  /** Lines the web host prints other than its launch line. */
  onOutput?: (line: string) => void;
}

export interface WebHostProcess {
  /** The launch URL with its per-launch key, as printed by the web host. */
  launchUrl: string;
  pid: number;
  /** Settles with the exit code when the process ends, for whatever reason. */
  exited: Promise<number | null>;
  /** SIGTERM (the web host closes its engine and exits); resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts the web-host bundle (out/web-host/index.js) in its own process, as `npm start` and
 * `npm run console:web` run it, and resolves with the launch URL it prints. Shared by the start
 * script, the E2E fixtures and the engine benchmark, so all of them run the engine as it ships.
 */
export function startWebHostProcess(options: WebHostProcessOptions): Promise<WebHostProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), webHostBundle], {
    env: { ...process.env, ...options.env, PORT: String(options.port ?? 0), CONSOLE_PROFILE_DIR: options.profileDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let announced = false;
    child.once('error', reject);
    void exited.then((code) => {
      // Its own error went to this process's stderr; a missing bundle means no `npm run build` yet.
      if (!announced) reject(new Error(`the web host (${webHostBundle}) exited with code ${code ?? 'none'} before it was ready`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const url = /open (http:\/\/\S+)/.exec(line)?.[1];
      if (announced || !url) return options.onOutput?.(line);
      announced = true;
      resolve({ launchUrl: url, pid: child.pid ?? 0, exited, stop });
    });
  });
}
