import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieName, cookieSecretFile, LaunchKey } from './launch-key.ts';

let profileDir: string;
beforeEach(async () => {
  profileDir = await mkdtemp(join(tmpdir(), 'launch-key-'));
});
afterEach(async () => {
  await rm(profileDir, { recursive: true, force: true });
});

/** A request carrying the cookie `key` sets, as the browser sends it back. */
const requestWith = (key: LaunchKey) => ({ headers: { cookie: `other=1; ${key.cookie().split(';')[0] ?? ''}` } }) as IncomingMessage;

describe('LaunchKey', () => {
  it('accepts a cookie of an earlier launch over the same profile, not its link', async () => {
    const first = await LaunchKey.forProfile(profileDir);
    const second = await LaunchKey.forProfile(profileDir);
    expect(second.fromCookie(requestWith(first))).toBe(true);
    expect(second.matches(first.value)).toBe(false);
    expect(second.matches(second.value)).toBe(true);
    // The cookie is not the link's key: knowing an old link gives no cookie.
    expect(first.cookie()).not.toContain(first.value);
  });

  it('keeps the secret readable by its owner only', async () => {
    await LaunchKey.forProfile(profileDir);
    expect((await stat(join(profileDir, cookieSecretFile))).mode & 0o777).toBe(0o600);
  });

  it('replaces a kept secret that is not one (a truncated file) instead of trusting it', async () => {
    await writeFile(join(profileDir, cookieSecretFile), 'abc\n');
    const key = await LaunchKey.forProfile(profileDir);
    const kept = (await readFile(join(profileDir, cookieSecretFile), 'utf8')).trim();
    expect(kept).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key.fromCookie({ headers: { cookie: `${cookieName}=abc` } } as IncomingMessage)).toBe(false);
  });

  it('without a profile, refuses the cookie of another launch', () => {
    expect(new LaunchKey().fromCookie(requestWith(new LaunchKey()))).toBe(false);
  });
});
