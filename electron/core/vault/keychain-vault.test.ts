import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { requireKeyringSession } from './keyring-session.ts';
import { openKeychainVault } from './keychain-vault.ts';

// Runs against the real Secret Service: `npm run test:unit` wraps vitest in scripts/with-keyring.ts,
// a private D-Bus session with an unlocked gnome-keyring. Without one the test fails with the reason.
describe('keychain vault (real Secret Service)', () => {
  it('stores, reads, rotates and deletes a refresh token', async () => {
    requireKeyringSession();
    const service = `Fleet Console test ${randomUUID()}`;
    const opened = await openKeychainVault(service);
    if (!opened.ok) throw new Error(`keychain unavailable: ${opened.reason} (${opened.detail})`);
    const vault = opened.vault;
    expect(vault.kind).toBe('keychain');

    await vault.write('account-1', 'refresh-token-one');
    expect(await vault.read('account-1')).toBe('refresh-token-one');

    await vault.write('account-1', 'refresh-token-two');
    expect(await vault.read('account-1')).toBe('refresh-token-two');

    // A second vault object (a restarted console) sees what the first stored.
    const again = await openKeychainVault(service);
    if (!again.ok) throw new Error(again.detail);
    expect(await again.vault.read('account-1')).toBe('refresh-token-two');
    expect(await again.vault.read('account-2')).toBeNull();

    await vault.remove('account-1');
    expect(await vault.read('account-1')).toBeNull();
    await vault.remove('account-1');
  });
});

describe('keychain vault availability', () => {
  it('reports a keychain module that cannot load', async () => {
    const opened = await openKeychainVault('x', () => Promise.reject(new Error('cannot find keytar.node')));
    expect(opened).toEqual({ ok: false, reason: 'keychain-module-missing', detail: expect.stringContaining('cannot find keytar.node') });
  });

  it('reports a keychain that refuses to store', async () => {
    const refusing = {
      getPassword: async () => null,
      setPassword: async () => {
        throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      },
      deletePassword: async () => false,
    };
    const opened = await openKeychainVault('x', async () => refusing);
    expect(opened).toEqual({ ok: false, reason: 'keychain-unavailable', detail: expect.stringContaining('D-Bus') });
  });

  it('reports a keychain that never answers (locked, with a prompt nobody sees) as such', async () => {
    vi.useFakeTimers();
    try {
      const silent = { getPassword: () => new Promise<null>(() => undefined), setPassword: () => new Promise<void>(() => undefined), deletePassword: async () => false };
      const opening = openKeychainVault('x', async () => silent);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(await opening).toEqual({ ok: false, reason: 'keychain-no-answer', detail: expect.stringContaining('no answer') });
    } finally {
      vi.useRealTimers();
    }
  });
});
