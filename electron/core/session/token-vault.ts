/**
 * Where refresh tokens live. The keychain-backed vault (keytar) and the encrypted-file fallback
 * implement this too; the engine never writes a token anywhere else and never hands one to the
 * renderer.
 */
export interface TokenVault {
  /** Shown to the user: where their sign-in is kept. */
  readonly kind: 'keychain' | 'encrypted-file' | 'memory';
  read(key: string): Promise<string | null>;
  write(key: string, secret: string): Promise<void>;
  remove(key: string): Promise<void>;
}

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
