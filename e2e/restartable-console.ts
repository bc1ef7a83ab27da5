import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type Services } from '../electron/core/create-services.ts';
import { vaultStatusWithout } from '../electron/core/vault/open-vault.ts';
import { MemoryTokenVault } from '../electron/core/vault/token-vault.ts';
import { startWebHost, type WebHost } from '../electron/web-host/web-host.ts';

const rendererDir = join(import.meta.dirname, '..', 'out', 'renderer');

export interface ConsoleRun {
  launchUrl: string;
  /** Stops the web host and its engine, as quitting the console does. */
  stop(): Promise<void>;
}

/**
 * A web-host console that can be quit and started again over the same profile directory, with
 * sign-ins kept in memory only — as on a machine where the keychain module could not be built.
 * A restart therefore loses every sign-in and keeps profile.json and the offline caches.
 */
export class RestartableConsole {
  readonly profileDir: string;

  private constructor(profileDir: string) {
    this.profileDir = profileDir;
  }

  static async create(): Promise<RestartableConsole> {
    return new RestartableConsole(await mkdtemp(join(tmpdir(), 'fleet-e2e-profile-')));
  }

  async start(): Promise<ConsoleRun> {
    const services: Services = createServices({
      profileDir: this.profileDir,
      vault: new MemoryTokenVault(),
      vaultStatus: vaultStatusWithout('memory', 'keychain-module-missing', "Cannot find module 'keytar'", 'linux'),
    });
    const host: WebHost = await startWebHost({ services, rendererDir });
    return {
      launchUrl: host.launchUrl,
      stop: async () => {
        await host.close();
        await services.close();
      },
    };
  }
}
