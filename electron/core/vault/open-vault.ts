import { join } from 'node:path';
import type { KeychainProblem, VaultStatus } from '../../../contract/bridge/domains/sync-domain.ts';
import { EncryptedFileTokenVault, type SecretCipher } from './encrypted-file-vault.ts';
import { openKeychainVault, type KeychainBackend } from './keychain-vault.ts';
import { MemoryTokenVault, type TokenVault } from './token-vault.ts';

export type { VaultStatus };

export interface OpenVaultOptions {
  /** Profile directory; the encrypted-file fallback lives here. */
  profileDir: string;
  /** The host's cipher (Electron: safeStorage). Absent in the web host. */
  cipher?: SecretCipher;
  /** Keychain service name; tests use their own. */
  keychainService?: string;
  /** Replaces keytar (tests of the fallback paths). */
  loadKeychain?: () => Promise<KeychainBackend>;
  /** The OS named in the notice (default process.platform); the fix differs per system. */
  platform?: string;
}

export const vaultFileName = 'sign-in.vault';

/**
 * Picks the best place for refresh tokens: keychain → encrypted file → memory. Whenever it is
 * not the keychain, the status carries a notice (a code, worded by the renderer) saying where
 * sign-ins are kept and why the keychain is not used.
 */
export async function openTokenVault(options: OpenVaultOptions): Promise<{ vault: TokenVault; status: VaultStatus }> {
  const keychain = await openKeychainVault(options.keychainService, options.loadKeychain);
  if (keychain.ok) return { vault: keychain.vault, status: { kind: 'keychain', notice: null } };
  const platform = options.platform ?? process.platform;
  if (options.cipher?.isAvailable()) {
    return {
      vault: new EncryptedFileTokenVault(join(options.profileDir, vaultFileName), options.cipher),
      status: vaultStatusWithout('encrypted-file', keychain.reason, keychain.detail, platform),
    };
  }
  return { vault: new MemoryTokenVault(), status: vaultStatusWithout('memory', keychain.reason, keychain.detail, platform) };
}

/** The status of a vault that is not the keychain (also for hosts and tests that pick one themselves). */
export function vaultStatusWithout(kind: 'encrypted-file' | 'memory', reason: KeychainProblem, detail: string, platform: string = process.platform): VaultStatus {
  return { kind, notice: { vault: kind, reason, platform, detail } };
}
