import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { requireKeyringSession } from './keyring-session.ts';
import { KeychainTokenVault, openKeychainVault, type KeychainBackend } from './keychain-vault.ts';

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

describe('keychain vault calls that fail', () => {
  /** A keychain whose every call fails `failures` times before it answers (a busy keyring daemon). */
  const flaky = (failures: number) => {
    const entries = new Map<string, string>();
    const calls: string[] = [];
    let left = 0;
    const answer = <T>(name: string, value: () => T): Promise<T> => {
      calls.push(name);
      if (left > 0) {
        left -= 1;
        return Promise.reject(new Error('org.freedesktop.DBus.Error.NoReply'));
      }
      left = failures;
      return Promise.resolve(value());
    };
    left = failures;
    const backend: KeychainBackend = {
      getPassword: (_s, account) => answer('get', () => entries.get(account) ?? null),
      setPassword: (_s, account, password) => answer('set', () => void entries.set(account, password)),
      deletePassword: (_s, account) => answer('delete', () => entries.delete(account)),
    };
    return { vault: new KeychainTokenVault(backend, 'test'), calls };
  };

  it('makes a failed call once more: a write, a read and a delete each succeed at their second attempt', async () => {
    const { vault, calls } = flaky(1);
    await vault.write('a', 'token');
    expect(await vault.read('a')).toBe('token');
    await vault.remove('a');
    expect(calls).toEqual(['set', 'set', 'get', 'get', 'delete', 'delete']);
  });

  it('reports a call that fails twice', async () => {
    const { vault } = flaky(2);
    await expect(vault.read('a')).rejects.toThrow('NoReply');
  });
});
