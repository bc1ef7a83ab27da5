import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegionPackBytes, RegionPackStatus } from '../../../contract/bridge/domains/map-packs-domain.ts';
import { startEngine, type EngineHarness } from '../test/engine-harness.ts';
import { startFleetCloudProcess, type FleetCloudProcess } from '../test/fleet-cloud-process.ts';
import { waitFor } from '../test/fleet-data.ts';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.ts';

// Region packs against the real fleet cloud (cut from its shipped archive), then with the network cut.
let cloud: FleetCloudProcess;
let proxy: TcpProxy;
let engine: EngineHarness;

beforeAll(async () => {
  cloud = await startFleetCloudProcess();
  proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(cloud.url).port) });
  engine = await startEngine({ serverUrl: proxy.url, username: 'anders' });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await proxy?.close();
  await cloud?.stop();
});

const packFile = () => engine.cacheFile().replace(/\.sqlite$/, '.pmtiles');
const status = () => engine.call<RegionPackStatus>('mapPacks.status', { workspaceId: engine.workspaceId });

describe('offline region packs in the console engine', () => {
  it('downloads the pack of the fleet area by itself once the workspace has synced, reporting progress', async () => {
    const done = await waitFor('the automatic pack', async () => (await status()).pack, 60_000);
    expect(done).toMatchObject({ minZoom: 7, maxZoom: 14 });
    expect(done.bytes).toBeGreaterThan(10_000);
    // The demo fleet drives in Gothenburg.
    const [west, south, east, north] = done.bbox;
    expect(west < 11.97 && east > 11.97 && south < 57.7 && north > 57.7).toBe(true);
    const events = engine.eventsOf('onRegionPackStatus');
    expect(events.some((e) => e.download !== null)).toBe(true);
    expect(events.at(-1)).toMatchObject({ pack: { bytes: done.bytes }, download: null, error: null });
    expect(existsSync(`${packFile()}.part`)).toBe(false);
  });

  it('serves byte ranges of the pack, also offline', async () => {
    proxy.cut();
    await engine.waitForStatus('offline', (s) => s.state === 'offline');
    const head = await engine.call<RegionPackBytes>('mapPacks.read', { workspaceId: engine.workspaceId, offset: 0, length: 127 });
    expect(Buffer.from(head.base64, 'base64').subarray(0, 7).toString()).toBe('PMTiles');
    expect((await status()).pack).not.toBeNull();
    // A download asked for offline fails with a reason and leaves the pack as it was.
    const failed = await engine.call<RegionPackStatus>('mapPacks.download', { workspaceId: engine.workspaceId });
    expect(failed.error).toMatchObject({ code: 'server-unreachable' });
    expect(failed.pack).not.toBeNull();
    const tooFar = engine.call('mapPacks.read', { workspaceId: engine.workspaceId, offset: 0, length: 5 * 1024 * 1024 });
    await expect(tooFar).rejects.toMatchObject({ code: 'invalid-input' });
    proxy.restore();
    await engine.waitForStatus('online again', (s) => s.state === 'online');
  });

  it('removes the pack and does not download it again by itself; asking for it does', async () => {
    const removed = await engine.call<RegionPackStatus>('mapPacks.remove', { workspaceId: engine.workspaceId });
    expect(removed.pack).toBeNull();
    expect(existsSync(packFile())).toBe(false);
    const read = engine.call('mapPacks.read', { workspaceId: engine.workspaceId, offset: 0, length: 127 });
    await expect(read).rejects.toMatchObject({ code: 'not-found' });
    // Coming back online (when the pack would be fetched) does not bring it back.
    const removedAt = Date.now();
    proxy.cut();
    await engine.waitForStatus('offline', (s) => s.state === 'offline');
    proxy.restore();
    await waitFor('online again', () => engine.events.find((e) => e.at > removedAt && e.name === 'onSyncStatus' && (e.payload as { state: string }).state === 'online'), 30_000);
    expect(await status()).toMatchObject({ pack: null, download: null });

    const again = await engine.call<RegionPackStatus>('mapPacks.download', { workspaceId: engine.workspaceId });
    expect(again.pack?.maxZoom).toBe(14);
    expect(again.error).toBeNull();
  });
});
