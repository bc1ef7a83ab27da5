import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHostProcess } from '../electron/web-host/web-host-process.ts';

const withoutKeychain = join(import.meta.dirname, 'without-keychain-module.mjs');

export interface ConsoleRun {
  launchUrl: string;
  /** Stops the web host and its engine, as quitting the console does. */
  stop(): Promise<void>;
}

/**
 * The console as `npm start` runs it without Electron: the built web host (out/web-host/index.js)
 * in its own process, over a profile directory that outlives it, so it can be quit and started
 * again. Sign-ins are kept in memory only — the keychain module is hidden from it, as on a
 * machine where it could not be built — so a restart loses every sign-in and keeps profile.json
 * and the offline caches, and no test touches the keychain of the machine it runs on.
 */
export class RestartableConsole {
  readonly profileDir: string;

  private constructor(profileDir: string) {
    this.profileDir = profileDir;
  }

  static async create(): Promise<RestartableConsole> {
    return new RestartableConsole(await mkdtemp(join(tmpdir(), 'fleet-e2e-profile-')));
  }

  /** `port`: the loopback port, as `npm start` keeps one (default: any free one). */
  async start(port = 0): Promise<ConsoleRun> {
    const host = await startWebHostProcess({ profileDir: this.profileDir, port, nodeArgs: ['--import', withoutKeychain] });
    return { launchUrl: host.launchUrl, stop: () => host.stop() };
  }

  /** Removes the profile (offline caches included); the console must be stopped first. */
  async remove(): Promise<void> {
    await rm(this.profileDir, { recursive: true, force: true });
  }
}
