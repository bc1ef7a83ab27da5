import { join } from 'node:path';
import { EncryptedFileTokenVault, type SecretCipher } from './encrypted-file-vault.ts';
import { openKeychainVault, type KeychainBackend } from './keychain-vault.ts';
import { MemoryTokenVault, type TokenVault, type VaultKind } from './token-vault.ts';

export interface VaultStatus {
  kind: VaultKind;
  /** For the user when their sign-in is kept less well than in the keychain; null otherwise. */
  notice: string | null;
}

export interface OpenVaultOptions {
  /** Profile directory; the encrypted-file fallback lives here. */
  profileDir: string;
  /** The host's cipher (Electron: safeStorage). Absent in the web host. */
  cipher?: SecretCipher;
  /** Keychain service name; tests use their own. */
  keychainService?: string;
  /** Replaces keytar (tests of the fallback paths). */
  loadKeychain?: () => Promise<KeychainBackend>;
}

export const vaultFileName = 'sign-in.vault';

/** Picks the best place for refresh tokens: keychain → encrypted file → memory (with a notice). */
export async function openTokenVault(options: OpenVaultOptions): Promise<{ vault: TokenVault; status: VaultStatus }> {
  const keychain = await openKeychainVault(options.keychainService, options.loadKeychain);
  if (keychain.ok) return { vault: keychain.vault, status: { kind: 'keychain', notice: null } };
  if (options.cipher?.isAvailable()) {
    return {
      vault: new EncryptedFileTokenVault(join(options.profileDir, vaultFileName), options.cipher),
      status: { kind: 'encrypted-file', notice: null },
    };
  }
  return {
    vault: new MemoryTokenVault(),
    status: {
      kind: 'memory',
      notice: `Your sign-in is kept in memory only, because ${keychain.reason} and no encrypted storage is available. You will need to sign in again after the console restarts.`,
    },
  };
}
