import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import { ProfileStore } from '../profile/profile-store.ts';
import { afterFailure, OfflineUnlock } from './offline-unlock.ts';

const light = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };

async function setup() {
  const profile = new ProfileStore(await mkdtemp(join(tmpdir(), 'unlock-')));
  let now = Date.parse('2026-12-06T10:00:00Z');
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const unlock = new OfflineUnlock({ profile, now: clock.now, scrypt: light });
  return { profile, clock, unlock };
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (e: unknown) => (e instanceof BridgeError ? `${e.code}:${e.field}` : String(e)));

describe('offline unlock', () => {
  it('keeps a verifier, never the password, in profile.json and checks against it', async () => {
    const { profile, unlock } = await setup();
    await unlock.remember('acc', 'demo-password-1');
    const text = await readFile(join(profile.dir, 'profile.json'), 'utf8');
    expect(text).not.toContain('demo-password-1');
    expect(JSON.parse(text).verifiers.acc).toMatchObject({ algorithm: 'scrypt', N: light.N });
    expect(await codeOf(unlock.check('acc', 'demo-password-1'))).toBe('ok');
    expect(await codeOf(unlock.check('acc', 'wrong'))).toBe('wrong-credentials:password');
    expect(await codeOf(unlock.check('other', 'demo-password-1'))).toBe('not-found:accountId');
  });

  it('pauses after five wrong passwords, doubles the pause, survives a restart, and resets on success', async () => {
    const { profile, clock, unlock } = await setup();
    await unlock.remember('acc', 'right');
    for (let i = 1; i <= 4; i++) {
      expect(await codeOf(unlock.check('acc', `wrong-${i}`))).toBe('wrong-credentials:password');
      expect(unlock.throttle('acc')).toEqual({ failedAttempts: i, retryAfter: null });
    }
    expect(await codeOf(unlock.check('acc', 'wrong-5'))).toBe('wrong-credentials:password');
    expect(unlock.throttle('acc').retryAfter).toBe(new Date(clock.now() + 30_000).toISOString());
    // Paused: even the right password is not checked.
    expect(await codeOf(unlock.check('acc', 'right'))).toBe('throttled:password');

    // A restarted console reads the pause from the profile.
    const restarted = new OfflineUnlock({ profile, now: clock.now, scrypt: light });
    restarted.load(await profile.load());
    expect(await codeOf(restarted.check('acc', 'right'))).toBe('throttled:password');

    clock.advance(30_000);
    expect(await codeOf(restarted.check('acc', 'wrong-6'))).toBe('wrong-credentials:password');
    expect(restarted.throttle('acc').retryAfter).toBe(new Date(clock.now() + 60_000).toISOString());
    clock.advance(60_000);
    expect(await codeOf(restarted.check('acc', 'right'))).toBe('ok');
    expect(restarted.throttle('acc')).toEqual({ failedAttempts: 0, retryAfter: null });
    expect((await profile.load()).unlockThrottle).toEqual({});
  });

  it('counts parallel guesses one by one', async () => {
    const { unlock } = await setup();
    await unlock.remember('acc', 'right');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => codeOf(unlock.check('acc', `guess-${i}`))));
    expect(results.filter((r) => r === 'wrong-credentials:password')).toHaveLength(5);
    expect(results.filter((r) => r === 'throttled:password')).toHaveLength(3);
  });

  it('follows a password change and forgets everything on removal', async () => {
    const { profile, unlock } = await setup();
    await unlock.remember('acc', 'old-password');
    await unlock.remember('acc', 'new-password');
    expect(await codeOf(unlock.check('acc', 'old-password'))).toBe('wrong-credentials:password');
    expect(await codeOf(unlock.check('acc', 'new-password'))).toBe('ok');
    await unlock.forget('acc');
    expect(unlock.has('acc')).toBe(false);
    const saved = await profile.load();
    expect(saved.verifiers).toEqual({});
    expect(saved.unlockThrottle).toEqual({});
  });

  it('caps the pause at 15 minutes', () => {
    let t = afterFailure(undefined, 0);
    for (let i = 0; i < 20; i++) t = afterFailure(t, 0);
    expect(t.blockedUntil).toBe(15 * 60_000);
  });
});
