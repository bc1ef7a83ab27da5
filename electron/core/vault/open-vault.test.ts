import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncryptedFileTokenVault } from './encrypted-file-vault.ts';
import { requireKeyringSession } from './keyring-session.ts';
import { openTokenVault, vaultFileName } from './open-vault.ts';
import { AesGcmCipher } from './test-cipher.ts';

const noKeychain = () => Promise.reject(new Error('libsecret-1.so.0: cannot open shared object file'));

describe('openTokenVault fallbacks', () => {
  it('falls back to the encrypted file when the keychain is missing, and never writes plaintext', async () => {
    const profileDir = await mkdtemp(join(tmpdir(), 'vault-'));
    const cipher = new AesGcmCipher();
    const { vault, status } = await openTokenVault({ profileDir, cipher, loadKeychain: noKeychain, platform: 'linux' });
    // Where sign-ins are kept and why not in the keychain: a code, worded by the renderer.
    expect(status).toEqual({
      kind: 'encrypted-file',
      notice: { vault: 'encrypted-file', reason: 'keychain-module-missing', platform: 'linux', detail: expect.stringContaining('libsecret-1.so.0') },
    });

    await vault.write('acc', 'rt-secret-value-1');
    await vault.write('acc', 'rt-secret-value-2');
    await vault.write('other', 'rt-other');
    expect(await vault.read('acc')).toBe('rt-secret-value-2');

    const file = join(profileDir, vaultFileName);
    const bytes = await readFile(file, 'utf8');
    expect(bytes).not.toContain('rt-secret');
    expect(bytes).not.toContain(Buffer.from('rt-secret').toString('base64').slice(0, 8));
    expect((await stat(file)).mode & 0o077).toBe(0);
    expect(await readdir(profileDir)).toEqual([vaultFileName]);

    // A restart with the same OS key store reads it back; a different key cannot.
    const restarted = new EncryptedFileTokenVault(file, cipher);
    expect(await restarted.read('acc')).toBe('rt-secret-value-2');
    expect(await new EncryptedFileTokenVault(file, new AesGcmCipher()).read('acc')).toBeNull();

    await restarted.remove('acc');
    expect(await restarted.read('acc')).toBeNull();
    expect(await restarted.read('other')).toBe('rt-other');
  });

  it('keeps concurrent rotations of different accounts', async () => {
    const profileDir = await mkdtemp(join(tmpdir(), 'vault-'));
    const vault = new EncryptedFileTokenVault(join(profileDir, vaultFileName), new AesGcmCipher());
    await Promise.all(Array.from({ length: 20 }, (_, i) => vault.write(`acc-${i}`, `token-${i}`)));
    for (let i = 0; i < 20; i++) expect(await vault.read(`acc-${i}`)).toBe(`token-${i}`);
  });

  it('keeps the session in memory only, with a notice, when neither keychain nor cipher exists', async () => {
    const profileDir = await mkdtemp(join(tmpdir(), 'vault-'));
    const unavailable = { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' };
    const { vault, status } = await openTokenVault({ profileDir, cipher: unavailable, loadKeychain: noKeychain, platform: 'linux' });
    expect(status).toEqual({ kind: 'memory', notice: { vault: 'memory', reason: 'keychain-module-missing', platform: 'linux', detail: expect.stringContaining('libsecret') } });
    await vault.write('acc', 'rt');
    expect(await vault.read('acc')).toBe('rt');
    expect(await readdir(profileDir)).toEqual([]);
  });

  it('prefers the real keychain when it works', async () => {
    requireKeyringSession();
    const profileDir = await mkdtemp(join(tmpdir(), 'vault-'));
    const { status } = await openTokenVault({ profileDir, cipher: new AesGcmCipher(), keychainService: 'Fleet Console open-vault test' });
    expect(status).toEqual({ kind: 'keychain', notice: null });
  });
});
