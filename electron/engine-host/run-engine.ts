import { openServices, type Services } from '../core/create-services.ts';
import { BrokeredCipher } from './cipher-broker.ts';
import type { ParentLink } from './engine-links.ts';
import { readParentMessage } from './engine-messages.ts';
import { serveBridgePort } from './serve-port.ts';

export interface EngineHostOptions {
  /** The console profile: profile.json, offline caches, the encrypted-file vault. */
  profileDir: string;
  /** Whether the parent can seal secrets (Electron: safeStorage with a real OS key store). */
  cipherAvailable: boolean;
  /** Called once the engine has closed after `shutdown`. */
  exit(code: number): void;
}

/**
 * The engine process: answers its parent on `link`, opens the engine (its token vault may ask
 * the parent to encrypt/decrypt), serves every renderer port the parent hands it, and closes the
 * caches cleanly on `shutdown`.
 */
export function runEngineHost(link: ParentLink, options: EngineHostOptions): Promise<Services> {
  const cipher = new BrokeredCipher(options.cipherAvailable, (message) => link.post(message));
  let closing = false;
  link.onMessage((data, port) => {
    const message = readParentMessage(data);
    if (!message) {
      console.error('[engine-host] ignored a message from the parent that is not part of the protocol');
      return;
    }
    if (message.type === 'connect') {
      if (port && !closing) serveBridgePort(opened, port);
    } else if (message.type === 'cipher-result') {
      cipher.receive(message);
    } else if (!closing) {
      closing = true;
      void opened
        .then((services) => services.close())
        .catch((error: unknown) => console.error('[engine-host] closing the engine failed:', error))
        .finally(() => {
          link.post({ type: 'closed' });
          options.exit(0);
        });
    }
  });
  // Listening first: opening the vault may already need the parent's cipher.
  link.post({ type: 'hello' });
  const opened = openServices({ profileDir: options.profileDir, cipher });
  void opened.then(async (services) => {
    await services.ready;
    const vault = await services.handlers['vault.status']({});
    link.post({ type: 'ready', vault: vault.kind });
  }).catch(() => undefined); // a failed open is the caller's to report (main.ts exits with it)
  return opened;
}

/** `--profile-dir=<dir> --cipher=available|absent`: what the parent tells a new engine process. */
export function readEngineArgs(args: readonly string[]): Omit<EngineHostOptions, 'exit'> {
  const value = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const profileDir = value('profile-dir');
  const cipher = value('cipher');
  if (!profileDir) throw new Error('--profile-dir=<directory> is required: the engine keeps its profile and caches there.');
  if (cipher !== 'available' && cipher !== 'absent') throw new Error('--cipher must be "available" or "absent".');
  return { profileDir, cipherAvailable: cipher === 'available' };
}

export function engineArgs(options: Omit<EngineHostOptions, 'exit'>): string[] {
  return [`--profile-dir=${options.profileDir}`, `--cipher=${options.cipherAvailable ? 'available' : 'absent'}`];
}
