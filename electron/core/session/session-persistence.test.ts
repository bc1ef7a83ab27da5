import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../contract/bridge/domains/sync-domain.ts';
import { createServices, type Services } from '../create-services.ts';
import { startFleetCloudProcess, type FleetCloudProcess } from '../test/fleet-cloud-process.ts';
import { waitFor } from '../test/fleet-data.ts';
import { requireKeyringSession } from '../vault/keyring-session.ts';
import { openKeychainVault } from '../vault/keychain-vault.ts';
import type { TokenVault } from '../vault/token-vault.ts';

// Real fleet cloud (child process), real keychain (gnome-keyring through scripts/with-keyring.ts:
// without it the test fails with the reason), real profile and SQLite files.

let cloud: FleetCloudProcess;
beforeAll(async () => {
  cloud = await startFleetCloudProcess();
}, 90_000);
afterAll(async () => cloud?.stop());

async function call<T>(services: Services, method: string, input: unknown): Promise<T> {
  const result = await services.route(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

describe('sessions across restarts (keychain vault, real server)', () => {
  it('restores the account and last workspace, writes no token to disk, and removes offline data on request', async () => {
    requireKeyringSession();
    const opened = await openKeychainVault(`Fleet Console session test ${randomUUID()}`);
    if (!opened.ok) throw new Error(`${opened.reason}: ${opened.detail}`);
    const vault: TokenVault = opened.vault;
    const profileDir = await mkdtemp(join(tmpdir(), 'fleet-profile-'));

    const first = createServices({ vault, profileDir, logError: () => undefined });
    type State = { accounts: { accountId: string }[]; workspaces: { workspaceId: string; tenantName: string }[]; activeWorkspaceId: string | null };
    const signedIn = await call<State>(first, 'session.signIn', { serverUrl: cloud.url, username: 'maria', password: 'demo-password-1' });
    const harbour = signedIn.workspaces.find((w) => w.tenantName === 'Harbour Taxi');
    if (!harbour) throw new Error('maria should be in Harbour Taxi');
    await call(first, 'workspace.activate', { workspaceId: harbour.workspaceId });
    const devices = await call<{ items: unknown[] }>(first, 'devices.list', { workspaceId: harbour.workspaceId });
    expect(devices.items.length).toBeGreaterThan(0);
    const accessToken = await first.sessions.withAccess(harbour.workspaceId, async (_api, token) => token);
    // The first sync has written the cache (so the scan below reads a filled cache, not an empty file).
    await waitFor('the first sync', async () => {
      const status = await call<SyncStatus>(first, 'sync.status', { workspaceId: harbour.workspaceId });
      return status.state === 'online' && status.lastSyncedAt !== null;
    });
    const accountId = signedIn.accounts[0]?.accountId ?? '';
    const refreshToken = await vault.read(accountId);
    expect(refreshToken).toBeTruthy();
    await first.close();

    // No token anywhere in the profile or cache files (binary-safe scan of every file).
    const files = await filesUnder(profileDir);
    expect(files.some((f) => f.endsWith('.sqlite'))).toBe(true);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const secret of [refreshToken as string, accessToken, accessToken.split('.')[2] ?? accessToken]) {
        expect(bytes.includes(Buffer.from(secret)), `${file} contains a token`).toBe(false);
      }
    }

    // A restart restores the account and the workspace without asking the server.
    const second = createServices({ vault, profileDir, logError: () => undefined });
    const restored = await call<State>(second, 'session.state', {});
    expect(restored.accounts.map((a) => a.accountId)).toEqual([accountId]);
    expect(restored.activeWorkspaceId).toBe(harbour.workspaceId);

    // "Sign out and remove offline data" deletes the cache files and the vault entry.
    await call(second, 'session.signOut', { accountId, removeOfflineData: true });
    expect((await filesUnder(join(profileDir, 'caches'))).length).toBe(0);
    expect(await vault.read(accountId)).toBeNull();
    const profile = JSON.parse(await readFile(join(profileDir, 'profile.json'), 'utf8')) as { accounts: unknown[] };
    expect(profile.accounts).toEqual([]);
    expect((await stat(join(profileDir, 'profile.json'))).mode & 0o077).toBe(0);
    await second.close();
  }, 60_000);
});
