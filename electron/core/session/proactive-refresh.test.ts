import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../../contract/api/auth.ts';
import type { SyncStatus } from '../../../contract/bridge/domains/sync-domain.ts';
import { FleetApiClient } from '../fleet-api/fleet-api-client.ts';
import { startEngine } from '../test/engine-harness.ts';
import { startFleetCloudProcess, type FleetCloudProcess } from '../test/fleet-cloud-process.ts';
import { deviceIdsByUnit, gothenburgUnits, ingest, signInApi, waitFor } from '../test/fleet-data.ts';
import { ManualScheduler } from '../test/manual-scheduler.ts';
import { openTokenVault } from '../vault/open-vault.ts';
import type { TokenVault } from '../vault/token-vault.ts';
import { SessionManager } from './session-manager.ts';

// A fleet cloud whose access tokens live 2 seconds. The engine's refresh timer is ours and runs
// on a manual scheduler here; only the server's own clock (a token really expiring, the live
// stream closed at expiry) is waited for, as a state with a deadline, never as a fixed sleep.
const ttlSeconds = 2;
let cloud: FleetCloudProcess;
beforeAll(async () => {
  cloud = await startFleetCloudProcess({ accessTokenTtlSeconds: ttlSeconds });
}, 90_000);
afterAll(async () => cloud?.stop());

/** The real client, noting when each exchange happened and when its token expires. */
class RecordingClient extends FleetApiClient {
  readonly exchanges: { at: number; expiresAt: number; accessToken: string }[] = [];
  override async exchangeToken(refreshToken: string, tenantId: string): Promise<TokenResponse> {
    const response = await super.exchangeToken(refreshToken, tenantId);
    this.exchanges.push({ at: Date.now(), expiresAt: Date.parse(response.accessTokenExpiresAt), accessToken: response.accessToken });
    return response;
  }
}

/** True once the server refuses `token` (its lifetime is over on the server's clock). */
async function refused(token: string): Promise<boolean> {
  const response = await fetch(`${cloud.url}/api/devices`, { headers: { authorization: `Bearer ${token}` } });
  return response.status === 401;
}

describe('proactive access-token refresh', () => {
  it('exchanges the token before it expires, without a request asking for it, and rotates the refresh token', async () => {
    const profileDir = await mkdtemp(join(tmpdir(), 'fleet-refresh-'));
    const { vault } = await openTokenVault({ profileDir });
    let client: RecordingClient | null = null;
    const scheduler = new ManualScheduler();
    const sessions = new SessionManager({ vault, createApi: (url) => (client = new RecordingClient(url)), schedule: scheduler.schedule });
    try {
      const state = await sessions.signIn({ serverUrl: cloud.url, username: 'anders', password: 'demo-password-1' });
      const workspaceId = state.activeWorkspaceId ?? '';
      const recorder = client as RecordingClient | null;
      if (!recorder) throw new Error('no client');
      const first = await sessions.withAccess(workspaceId, async (_api, token) => token);
      const refreshBefore = await vault.read(state.accounts[0]?.accountId ?? '');
      expect(recorder.exchanges.length).toBe(1);

      // The engine planned an exchange before the token dies (at 80 % of a short lifetime) ...
      const [planned] = scheduler.pending;
      expect(scheduler.pending.size).toBe(1);
      expect(planned?.delayMs).toBeLessThan(ttlSeconds * 1000);
      // ... and when that moment comes, it exchanges on its own, with nobody calling the API.
      scheduler.fireAll();
      await waitFor('the proactive exchange', () => recorder.exchanges.length === 2);
      const [initial, proactive] = recorder.exchanges;
      expect(proactive?.at).toBeLessThan(initial?.expiresAt ?? 0);
      expect(await vault.read(state.accounts[0]?.accountId ?? '')).not.toBe(refreshBefore);
      expect(scheduler.pending.size).toBe(1); // the next one is planned

      // A request now uses the fresh token at once, with no exchange on its path ...
      const exchanges = recorder.exchanges.length;
      let used = '';
      const devices = await sessions.withAccess(workspaceId, (api, token) => {
        used = token;
        return api.request<{ total: number }>('GET', '/api/devices', { accessToken: token });
      });
      expect(devices.total).toBeGreaterThan(0);
      // (Within one second the server may sign the very same claims again, so compare with the exchange.)
      expect(used).toBe(proactive?.accessToken);
      expect(recorder.exchanges.length).toBe(exchanges);
      // ... and the first token really expires on the server's clock: it is refused.
      await waitFor('the server to refuse the first token', () => refused(first), ttlSeconds * 1000 + 5_000);
    } finally {
      await sessions.close();
    }
  }, 60_000);

  it('a sign-out while an exchange is under way leaves no token in the vault when the exchange answers', async () => {
    const profileDir = await mkdtemp(join(tmpdir(), 'fleet-refresh-'));
    const { vault: real } = await openTokenVault({ profileDir });
    // The real vault, with its writes counted as they start.
    let writes = 0;
    const vault: TokenVault = {
      kind: real.kind,
      read: (key) => real.read(key),
      write: (key, secret) => {
        writes += 1;
        return real.write(key, secret);
      },
      remove: (key) => real.remove(key),
    };
    const scheduler = new ManualScheduler();
    // The real client; its next exchange is held (after the server answered) until released.
    const gate = { hold: null as Promise<void> | null, release: () => {}, reached: () => {} };
    const reached = new Promise<void>((resolve) => (gate.reached = resolve));
    class HeldClient extends FleetApiClient {
      override async exchangeToken(refreshToken: string, tenantId: string): Promise<TokenResponse> {
        const response = await super.exchangeToken(refreshToken, tenantId);
        if (gate.hold) {
          gate.reached();
          await gate.hold;
        }
        return response;
      }
    }
    const sessions = new SessionManager({ vault, createApi: (url) => new HeldClient(url), schedule: scheduler.schedule });
    try {
      const state = await sessions.signIn({ serverUrl: cloud.url, username: 'anders', password: 'demo-password-1' });
      const workspaceId = state.activeWorkspaceId ?? '';
      const accountId = state.accounts[0]?.accountId ?? '';
      await sessions.withAccess(workspaceId, async (_api, token) => token);
      gate.hold = new Promise<void>((resolve) => (gate.release = resolve));
      scheduler.fireAll(); // the proactive exchange starts, and the server answers it ...
      await reached;
      await sessions.signOut(accountId, true);
      expect(await vault.read(accountId)).toBeNull();
      const before = writes;
      gate.release(); // ... but its answer reaches the engine after the sign-out
      // The exchange's continuation runs in microtasks: after one turn of the event loop it has
      // either written the rotated token back (before the fix) or given up.
      await new Promise((resolve) => setImmediate(resolve));
      expect(writes).toBe(before);
      expect(await vault.read(accountId)).toBeNull();
      expect(sessions.state().accounts).toEqual([]);
    } finally {
      await sessions.close();
    }
  }, 60_000);

  it('keeps the workspace online across token expiries: the live stream reconnects with a fresh token and resumes', async () => {
    const engine = await startEngine({ serverUrl: cloud.url, username: 'anders' });
    try {
      await engine.waitForStatus('online', (s) => s.state === 'online');
      const server = await signInApi(cloud.url, 'anders', 'Gothenburg Freight AB');
      const device = (await deviceIdsByUnit(server)).get(gothenburgUnits[0]) ?? '';
      const since = Date.now();
      // Two lifetimes on the server's clock: a token issued after the stream's is refused, twice
      // over, so the stream's own token ran out and the server closed it (at least) twice.
      for (let lifetime = 0; lifetime < 2; lifetime++) {
        const probe = (await signInApi(cloud.url, 'anders', 'Gothenburg Freight AB')).accessToken;
        await waitFor('a token lifetime to pass on the server', () => refused(probe), ttlSeconds * 1000 + 5_000);
      }
      const fixTime = Date.now() - 500;
      await ingest(cloud.url, [{ deviceId: gothenburgUnits[0], time: fixTime, latitude: 57.7, longitude: 11.97, speedKmh: 30, course: 0 }]);
      await waitFor('the live fix', () => engine.eventsOf('onLivePositions').some((p) => p.fixTimes[p.deviceIds.indexOf(device)] === fixTime));
      const states = engine.events.filter((e) => e.name === 'onSyncStatus' && e.at >= since).map((e) => (e.payload as SyncStatus).state);
      expect(states).not.toContain('offline');
    } finally {
      await engine.close();
    }
  }, 60_000);
});
