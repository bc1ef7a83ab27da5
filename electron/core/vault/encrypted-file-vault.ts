import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TokenVault } from './token-vault.ts';

/**
 * Encryption the host provides. Electron's main process implements it with `safeStorage`
 * (keys held by the OS: DPAPI, Keychain, kwallet/libsecret); the engine never imports electron.
 * The engine runs in a utility process, so there encrypt/decrypt are requests to main and
 * answer asynchronously (electron/engine-host/cipher-broker.ts).
 */
export interface SecretCipher {
  /** False where the OS offers no real key store (e.g. safeStorage's "basic_text" on Linux). */
  isAvailable(): boolean;
  encrypt(plain: string): Buffer | Promise<Buffer>;
  decrypt(sealed: Buffer): string | Promise<string>;
}

interface VaultFile {
  version: 1;
  /** key → base64 of the cipher's output. Never plaintext. */
  entries: Record<string, string>;
}

/**
 * Refresh tokens in one file, each sealed by the host's cipher. Writes go to a temporary file and
 * are renamed into place, so a crash leaves the old or the new file, never half of one.
 */
export class EncryptedFileTokenVault implements TokenVault {
  readonly kind = 'encrypted-file' as const;
  readonly #file: string;
  readonly #cipher: SecretCipher;
  #writes: Promise<unknown> = Promise.resolve();

  constructor(file: string, cipher: SecretCipher) {
    if (!cipher.isAvailable()) throw new Error('The encrypted-file vault needs an available cipher.');
    this.#file = file;
    this.#cipher = cipher;
  }

  async read(key: string): Promise<string | null> {
    await this.#writes;
    const sealed = (await this.#load()).entries[key];
    if (sealed === undefined) return null;
    try {
      return await this.#cipher.decrypt(Buffer.from(sealed, 'base64'));
    } catch {
      // Sealed by another OS user or a reset key store: unreadable means "not signed in".
      return null;
    }
  }

  write(key: string, secret: string): Promise<void> {
    return this.#update(async (entries) => {
      entries[key] = (await this.#cipher.encrypt(secret)).toString('base64');
    });
  }

  remove(key: string): Promise<void> {
    return this.#update((entries) => {
      Reflect.deleteProperty(entries, key);
    });
  }

  /** Serialised read-modify-write: two rotations at once must not lose one. */
  #update(change: (entries: Record<string, string>) => void | Promise<void>): Promise<void> {
    const job = this.#writes.then(async () => {
      const data = await this.#load();
      await change(data.entries);
      await mkdir(dirname(this.#file), { recursive: true, mode: 0o700 });
      const temp = `${this.#file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(data), { mode: 0o600 });
      await chmod(temp, 0o600);
      await rename(temp, this.#file);
    });
    this.#writes = job.catch(() => undefined);
    return job;
  }

  async #load(): Promise<VaultFile> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<VaultFile>;
      if (parsed.version === 1 && parsed.entries && typeof parsed.entries === 'object') return { version: 1, entries: { ...parsed.entries } };
    } catch {
      // fall through: a damaged file is treated as empty (the user signs in again).
    }
    return { version: 1, entries: {} };
  }
}
