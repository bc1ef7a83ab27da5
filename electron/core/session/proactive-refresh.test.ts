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
import { openTokenVault } from '../vault/open-vault.ts';
import { SessionManager } from './session-manager.ts';

// A fleet cloud whose access tokens live 6 seconds: long enough to use, short enough to watch
// the engine exchange them before they expire (with the vault this machine has).
const ttlSeconds = 6;
let cloud: FleetCloudProcess;
beforeAll(async () => {
  cloud = await startFleetCloudProcess({ accessTokenTtlSeconds: ttlSeconds });
}, 90_000);
afterAll(async () => cloud?.stop());

/** The real client, noting when each exchange happened and when its token expires. */
class RecordingClient extends FleetApiClient {
  readonly exchanges: { at: number; expiresAt: number }[] = [];
  override async exchangeToken(refreshToken: string, tenantId: string): Promise<TokenResponse> {
    const response = await super.exchangeToken(refreshToken, tenantId);
    this.exchanges.push({ at: Date.now(), expiresAt: Date.parse(response.accessTokenExpiresAt) });
    return response;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('proactive access-token refresh', () => {
  it('exchanges the token before it expires, without a request asking for it, and rotates the refresh token', async () => {
    const profileDir = await mkdtemp(join(tmpdir(), 'fleet-refresh-'));
    const { vault } = await openTokenVault({ profileDir });
    let client: RecordingClient | null = null;
    const sessions = new SessionManager({ vault, createApi: (url) => (client = new RecordingClient(url)) });
    try {
      const state = await sessions.signIn({ serverUrl: cloud.url, username: 'anders', password: 'demo-password-1' });
      const workspaceId = state.activeWorkspaceId ?? '';
      const recorder = client as RecordingClient | null;
      if (!recorder) throw new Error('no client');
      const first = await sessions.withAccess(workspaceId, async (_api, token) => token);
      const refreshBefore = await vault.read(state.accounts[0]?.accountId ?? '');
      expect(recorder.exchanges.length).toBe(1);

      // Nobody calls the API; the engine exchanges on its own, before the first token dies.
      await sleep(ttlSeconds * 1000 + 1_000);
      expect(recorder.exchanges.length).toBeGreaterThanOrEqual(2);
      const [initial, proactive] = recorder.exchanges;
      expect(proactive?.at).toBeLessThan(initial?.expiresAt ?? 0);
      expect(await vault.read(state.accounts[0]?.accountId ?? '')).not.toBe(refreshBefore);

      // The first token really expired: the server refuses it ...
      const stale = await fetch(`${cloud.url}/api/devices`, { headers: { authorization: `Bearer ${first}` } });
      expect(stale.status).toBe(401);
      // ... while a request now uses the fresh one at once, with no exchange on its path.
      const exchanges = recorder.exchanges.length;
      const devices = await sessions.withAccess(workspaceId, (api, token) => api.request<{ total: number }>('GET', '/api/devices', { accessToken: token }));
      expect(devices.total).toBeGreaterThan(0);
      expect(recorder.exchanges.length).toBe(exchanges);
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
      await sleep(ttlSeconds * 2000 + 1_000); // two lifetimes: the stream's token ran out twice
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
