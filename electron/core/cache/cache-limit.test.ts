import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TripSummary } from '../../../contract/api/trips.ts';
import { CacheRegistry, type CacheOwner } from './cache-registry.ts';
import { getTrack, listTrips, putTrack, upsertTrips } from './trips-store.ts';

// Real SQLite files on disk: the limit is about bytes the user sees in the cache folder.
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const hour = 3600_000;
const base = Date.parse('2026-11-20T00:00:00Z');

function trip(deviceId: string, index: number): TripSummary {
  const start = base + index * hour;
  return {
    id: randomUUID(), deviceId, driverId: null, status: 'closed', startTime: new Date(start).toISOString(), endTime: new Date(start + hour / 2).toISOString(),
    start: { latitude: 57.7, longitude: 11.9, name: null, address: { kind: 'none' } }, end: { latitude: 57.8, longitude: 11.9, name: null, address: { kind: 'none' } },
    distanceKm: 10, durationS: 1800, maxSpeedKmh: 60, avgSpeedKmh: 40, idleS: 0, pointCount: 40_000,
  };
}

/** Fills a workspace cache with `count` trips whose tracks are 40,000 points (≈1.6 MB) each. */
function fill(registry: CacheRegistry, owner: CacheOwner, count: number, offset = 0): TripSummary[] {
  const cache = registry.open(owner);
  const trips = Array.from({ length: count }, (_, i) => trip(randomUUID(), offset + i));
  const points = 40_000;
  cache.db.write((db) => upsertTrips(db, trips));
  for (const t of trips) {
    const columns = { t: [] as number[], lat: [] as number[], lon: [] as number[], speedKmh: [] as number[], course: [] as number[] };
    // Random values: SQLite does not compress, but this keeps the test honest about bytes.
    for (let i = 0; i < points; i++) {
      columns.t.push(i * 1000);
      columns.lat.push(57 + Math.random());
      columns.lon.push(11 + Math.random());
      columns.speedKmh.push(Math.random() * 90);
      columns.course.push(Math.random() * 360);
    }
    cache.db.write((db) => putTrack(db, { tripId: t.id, deviceId: t.deviceId, startTime: t.startTime, ...columns }, Date.now()));
  }
  return trips;
}

describe('offline cache size limit', () => {
  it('evicts the oldest trip tracks across workspaces until the files are under the limit, keeping the trips themselves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleet-cache-limit-'));
    dirs.push(dir);
    const registry = new CacheRegistry(dir);
    const freight: CacheOwner = { serverUrl: 'http://127.0.0.1:1', username: 'maria', tenantId: randomUUID() };
    const taxi: CacheOwner = { serverUrl: 'http://127.0.0.1:1', username: 'maria', tenantId: randomUUID() };
    // Freight holds the older trips (hours 0–11), taxi the newer ones (hours 12–23).
    const older = fill(registry, freight, 12, 0);
    const newer = fill(registry, taxi, 12, 12);
    const before = await registry.totalBytes();
    expect(before).toBeGreaterThan(35 * 1024 * 1024);

    const limit = 20 * 1024 * 1024;
    await registry.enforceLimit(limit);

    const after = await registry.totalBytes();
    expect(after).toBeLessThanOrEqual(limit);
    const freightCache = registry.open(freight);
    const taxiCache = registry.open(taxi);
    const cached = (trips: TripSummary[], cache: typeof freightCache) => trips.filter((t) => getTrack(cache.db, t.id) !== null);
    // Oldest first: every older trip lost its track before any newer one did.
    expect(cached(older, freightCache)).toEqual([]);
    const keptNewer = cached(newer, taxiCache);
    expect(keptNewer.length).toBeGreaterThan(0);
    const evictedNewer = newer.filter((t) => !keptNewer.includes(t));
    for (const evicted of evictedNewer) for (const kept of keptNewer) expect(Date.parse(evicted.startTime)).toBeLessThan(Date.parse(kept.startTime));
    // The trip list still shows every trip; only "available offline" changed.
    const listed = listTrips(freightCache.db, { from: base - hour, to: base + 48 * hour });
    expect(listed.length).toBe(12);
    expect(listed.every((t) => !t.trackCached)).toBe(true);
    expect(registry.counts(taxi)).toEqual({ trips: 12, cachedTracks: keptNewer.length });

    // "Sign out and remove offline data": the files are gone from disk.
    await registry.remove([freight, taxi]);
    expect(await registry.totalBytes()).toBe(0);
  }, 60_000);
});
