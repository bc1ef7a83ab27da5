import type { VaultKind } from '../../../contract/bridge/domains/sync-domain.ts';

/**
 * Where refresh tokens live: the OS keychain (keychain-vault.ts), else a file encrypted by the
 * host's cipher (encrypted-file-vault.ts, Electron safeStorage), else process memory. The engine
 * never writes a token anywhere else and never hands one to the renderer.
 */
export interface TokenVault {
  /** Shown to the user: where their sign-in is kept. */
  readonly kind: VaultKind;
  read(key: string): Promise<string | null>;
  write(key: string, secret: string): Promise<void>;
  remove(key: string): Promise<void>;
}

export type { VaultKind };

/** Keeps secrets for the life of the process only: nothing survives a restart. */
export class MemoryTokenVault implements TokenVault {
  readonly kind = 'memory' as const;
  readonly #secrets = new Map<string, string>();

  async read(key: string): Promise<string | null> {
    return this.#secrets.get(key) ?? null;
  }

  async write(key: string, secret: string): Promise<void> {
    this.#secrets.set(key, secret);
  }

  async remove(key: string): Promise<void> {
    this.#secrets.delete(key);
  }
}
