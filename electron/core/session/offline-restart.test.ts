import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceListResponse } from '../../../contract/api/devices.ts';
import type { SyncStatus, VaultStatus } from '../../../contract/bridge/domains/sync-domain.ts';
import type { ConsoleTripTrack, TripList } from '../../../contract/bridge/domains/trips-domain.ts';
import type { SessionState } from '../../../contract/bridge/session.ts';
import { createServices, type Services } from '../create-services.ts';
import type { Profile } from '../profile/profile-store.ts';
import { startFleetCloudProcess, type FleetCloudProcess } from '../test/fleet-cloud-process.ts';
import { gothenburgUnits, ingest, tripRecords, waitFor } from '../test/fleet-data.ts';
import { ManualScheduler } from '../test/manual-scheduler.ts';
import { requireKeyringSession } from '../vault/keyring-session.ts';
import { openKeychainVault } from '../vault/keychain-vault.ts';
import { openTokenVault } from '../vault/open-vault.ts';
import { AesGcmCipher } from '../vault/test-cipher.ts';
import type { TokenVault } from '../vault/token-vault.ts';
import { checkVerifier } from './password-verifier.ts';

// "Offline review must survive a restart in every vault mode": sign in online and sync, stop
// the real fleet cloud, restart the engine over the same profile, and the last workspace opens
// with its cached vehicles and trips — from the keychain (real gnome-keyring), from the
// encrypted file (AES-GCM standing in for safeStorage), and from memory through the offline
// unlock. Real server process, real SQLite and profile files.
const password = 'demo-password-1';
const noKeychain = () => Promise.reject(new Error("Cannot find module 'keytar'"));
type Mode = 'keychain' | 'encrypted-file' | 'memory';
const modes: Mode[] = ['keychain', 'encrypted-file', 'memory'];

let cloud: FleetCloudProcess;
const profiles = new Map<Mode, string>();
const keychainService = `Fleet Console offline test ${randomUUID()}`;
const cipherKey = new AesGcmCipher();
const running: Services[] = [];
const tripStart = Date.now() - 50 * 60_000;
// The engines' planned waits (a sync retry's backoff, the next "does the server answer?" round)
// run when a test waits for a state, not after their real delays.
const syncRetries = new ManualScheduler();
const reachabilityRounds = new ManualScheduler();
const until = <T>(what: string, probe: () => T | Promise<T>, timeoutMs?: number) => waitFor(what, () => {
  syncRetries.fireAll();
  reachabilityRounds.fireAll();
  return probe();
}, timeoutMs);

beforeAll(async () => {
  cloud = await startFleetCloudProcess();
  await ingest(cloud.url, tripRecords(gothenburgUnits[0], tripStart, 300));
}, 120_000);

afterAll(async () => {
  for (const services of running) await services.close().catch(() => undefined);
  await cloud?.stop();
});

/** A console start as a host does it, for one vault mode: a fresh vault object every time. */
async function openConsole(mode: Mode, profileDir: string): Promise<Services> {
  let vault: TokenVault;
  let vaultStatus: VaultStatus;
  if (mode === 'keychain') {
    requireKeyringSession();
    const opened = await openKeychainVault(keychainService);
    if (!opened.ok) throw new Error(`keychain unavailable in the keyring session: ${opened.reason} (${opened.detail})`);
    vault = opened.vault;
    vaultStatus = { kind: 'keychain', notice: null };
  } else {
    const opened = await openTokenVault({ profileDir, loadKeychain: noKeychain, ...(mode === 'encrypted-file' ? { cipher: cipherKey } : {}) });
    expect(opened.status.kind).toBe(mode);
    ({ vault, status: vaultStatus } = opened);
  }
  const services = createServices({ vault, vaultStatus, profileDir, logError: () => undefined, syncIntervalMs: 1_000, scheduleSyncRetry: syncRetries.schedule, scheduleReachability: reachabilityRounds.schedule });
  running.push(services);
  return services;
}

async function call<T>(services: Services, method: string, input: unknown = {}): Promise<T> {
  const result = await services.route(method, input);
  if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.message}`), { code: result.error.code });
  return result.value as T;
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));
const tripWindow = () => ({ from: new Date(tripStart - 86_400_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() });
const profileOf = async (mode: Mode) => JSON.parse(await readFile(join(profiles.get(mode) ?? '', 'profile.json'), 'utf8')) as Profile;

async function close(services: Services): Promise<void> {
  await services.close();
  running.splice(running.indexOf(services), 1);
}

/** What a dispatcher reviews offline: vehicles, the trip and its track, all from the cache. */
async function expectCachedReview(services: Services, workspaceId: string): Promise<void> {
  const devices = await call<DeviceListResponse>(services, 'devices.list', { workspaceId });
  expect(devices.items.length).toBeGreaterThan(0);
  const trips = await call<TripList>(services, 'trips.list', { workspaceId, ...tripWindow() });
  const trip = trips.items.find((t) => t.trackCached);
  if (!trip) throw new Error(`no cached trip: ${JSON.stringify(trips.items.map((t) => t.trackCached))}`);
  expect(trip.distanceKm).toBeGreaterThan(0);
  const track = await call<ConsoleTripTrack>(services, 'trips.track', { workspaceId, tripId: trip.id });
  expect(track.fromCache).toBe(true);
  expect(track.t.length).toBeGreaterThan(100);
  const status = await call<SyncStatus>(services, 'sync.status', { workspaceId });
  expect(status.state).not.toBe('online');
}

describe('offline review across a restart, per vault mode (real fleet cloud)', () => {
  const workspaces = new Map<Mode, string>();

  it.each(modes)('%s: signs in online and caches the workspace', async (mode) => {
    const profileDir = await mkdtemp(join(tmpdir(), `fleet-offline-${mode}-`));
    profiles.set(mode, profileDir);
    const services = await openConsole(mode, profileDir);
    const state = await call<SessionState>(services, 'session.signIn', { serverUrl: cloud.url, username: 'anders', password });
    const workspaceId = state.activeWorkspaceId ?? '';
    expect(workspaceId).not.toBe('');
    workspaces.set(mode, workspaceId);
    await until(`${mode}: trip track cached`, async () => {
      const status = await call<SyncStatus>(services, 'sync.status', { workspaceId });
      const trips = await call<TripList>(services, 'trips.list', { workspaceId, ...tripWindow() });
      return status.state === 'online' && trips.items.some((t) => t.trackCached);
    }, 60_000);
    await close(services);
    // The verifier is in the profile (never the password), in every mode.
    const profile = await profileOf(mode);
    const verifier = Object.values(profile.verifiers)[0];
    if (!verifier) throw new Error('no verifier kept');
    expect(await checkVerifier(password, verifier)).toBe(true);
    expect(JSON.stringify(profile)).not.toContain(password);
  }, 120_000);

  it('the fleet cloud stops', async () => {
    await cloud.halt();
  }, 30_000);

  it.each(['keychain', 'encrypted-file'] as const)('%s: a restarted console reopens the last workspace from the cache', async (mode) => {
    const services = await openConsole(mode, profiles.get(mode) ?? '');
    const state = await call<SessionState>(services, 'session.state');
    expect(state.activeWorkspaceId).toBe(workspaces.get(mode));
    expect(state.accounts.map((a) => [a.username, a.offlineReview])).toEqual([['anders', null]]);
    expect(state.knownAccounts).toEqual([]);
    await until(`${mode}: offline`, async () => (await call<SyncStatus>(services, 'sync.status', { workspaceId: workspaces.get(mode) })).state === 'offline', 30_000);
    await expectCachedReview(services, workspaces.get(mode) ?? '');
    await close(services);
  }, 60_000);

  let memory: Services;
  it('memory: a restarted console offers the account; a wrong password is refused; the right one opens the cache', async () => {
    memory = await openConsole('memory', profiles.get('memory') ?? '');
    const workspaceId = workspaces.get('memory') ?? '';
    let state = await call<SessionState>(memory, 'session.state');
    expect(state.accounts).toEqual([]);
    expect(state.notice).toBeNull();
    expect(state.knownAccounts).toEqual([expect.objectContaining({ username: 'anders', failedAttempts: 0, retryAfter: null })]);
    const accountId = state.knownAccounts[0]?.accountId ?? '';
    // The engine checks the server and says it is down, so the screen offers "Review offline data".
    await until('server reported unreachable', async () => (await call<SessionState>(memory, 'session.state')).knownAccounts[0]?.serverReachable === false, 20_000);

    expect(await codeOf(call(memory, 'session.unlock', { accountId, password: 'not-the-password' }))).toBe('wrong-credentials');
    state = await call<SessionState>(memory, 'session.state');
    expect(state.knownAccounts[0]?.failedAttempts).toBe(1);
    expect(state.accounts).toEqual([]);

    state = await call<SessionState>(memory, 'session.unlock', { accountId, password });
    expect(state.accounts).toEqual([expect.objectContaining({ username: 'anders', offlineReview: { serverReachable: false } })]);
    expect(state.knownAccounts).toEqual([]);
    expect(state.activeWorkspaceId).toBe(workspaceId);
    await until('offline review is offline', async () => (await call<SyncStatus>(memory, 'sync.status', { workspaceId })).state === 'offline', 30_000);
    await expectCachedReview(memory, workspaceId);
  }, 90_000);

  it('memory: when the fleet cloud is back the console asks for a real sign-in and only then goes online', async () => {
    const workspaceId = workspaces.get('memory') ?? '';
    await cloud.restart();
    await until('server reachable again', async () => (await call<SessionState>(memory, 'session.state')).accounts[0]?.offlineReview?.serverReachable === true, 30_000);
    // No bypass: still offline, nothing sent to the server without a real sign-in — also after
    // the sync's planned retries ran (the last one may still be trying: let it finish first).
    const settled = await waitFor('the retry to finish', async () => {
      const status = await call<SyncStatus>(memory, 'sync.status', { workspaceId });
      return status.state !== 'syncing' ? status : null;
    });
    expect(settled.state).toBe('offline');

    const accountId = (await call<SessionState>(memory, 'session.state')).accounts[0]?.accountId ?? '';
    const state = await call<SessionState>(memory, 'session.unlock', { accountId, password });
    expect(state.accounts).toEqual([expect.objectContaining({ username: 'anders', offlineReview: null })]);
    expect(state.activeWorkspaceId).toBe(workspaceId);
    await until('online again', async () => (await call<SyncStatus>(memory, 'sync.status', { workspaceId })).state === 'online', 30_000);
  }, 90_000);

  it('memory: a password change updates the verifier; sign-out keeps it, "remove offline data" removes it', async () => {
    const workspaceId = workspaces.get('memory') ?? '';
    const accountId = workspaceId.split(':')[0] ?? '';
    const before = (await profileOf('memory')).verifiers[accountId];
    await call(memory, 'admin.changePassword', { workspaceId, change: { currentPassword: password, newPassword: 'offline-review-2' } });
    const after = (await profileOf('memory')).verifiers[accountId];
    if (!before || !after) throw new Error('verifier missing');
    expect(after.salt).not.toBe(before.salt);
    expect(await checkVerifier('offline-review-2', after)).toBe(true);
    expect(await checkVerifier(password, after)).toBe(false);

    let state = await call<SessionState>(memory, 'session.signOut', { accountId });
    expect(state.knownAccounts.map((k) => k.accountId)).toEqual([accountId]);
    expect(Object.keys((await profileOf('memory')).verifiers)).toEqual([accountId]);

    state = await call<SessionState>(memory, 'session.signOut', { accountId, removeOfflineData: true });
    expect(state.knownAccounts).toEqual([]);
    const profile = await profileOf('memory');
    expect(profile.verifiers).toEqual({});
    expect(profile.accounts).toEqual([]);
  }, 60_000);
});
