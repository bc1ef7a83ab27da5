import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Device } from '../../../contract/api/devices.ts';
import { applyLatestPositions, emptyColumns, readLatestPositions } from '../cache/positions-store.ts';
import { WorkspaceCache } from '../cache/workspace-cache.ts';
import { knownPositions, nearestOffline } from './offline-nearest.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function openCache(): Promise<WorkspaceCache> {
  const dir = await mkdtemp(join(tmpdir(), 'offline-nearest-'));
  dirs.push(dir);
  return new WorkspaceCache(join(dir, 'workspace.sqlite'));
}

function device(id: string, name: string, position: { latitude: number; longitude: number; fixTime: string } | null): Device {
  return {
    id, uniqueId: `unit-${name}`, name, plate: null, vehicleType: 'truck', groupId: null, groupName: null, status: 'stopped', lastSeenAt: position?.fixTime ?? null,
    position: position && { ...position, speedKmh: 0, course: 0 },
  };
}

const ids = { parked: '00000000-0000-4000-8000-000000000001', moved: '00000000-0000-4000-8000-000000000002', stale: '00000000-0000-4000-8000-000000000003', never: '00000000-0000-4000-8000-000000000004' };
const centre = { latitude: 57.7089, longitude: 11.9746 };

describe('offline nearest vehicles from the workspace cache', () => {
  it('counts vehicles whose position is only on the vehicle record (seeded fleets have no synced latest fix)', async () => {
    const cache = await openCache();
    try {
      cache.db.write((db) =>
        WorkspaceCache.replaceDevices(db, [
          device(ids.parked, 'Parked', { latitude: 57.71, longitude: 11.975, fixTime: '2026-12-06T08:00:00.000Z' }),
          device(ids.moved, 'Moved', { latitude: 57.6, longitude: 11.9, fixTime: '2026-12-06T08:00:00.000Z' }),
          device(ids.stale, 'Stale', { latitude: 57.709, longitude: 11.9747, fixTime: '2026-12-06T09:00:00.000Z' }),
          device(ids.never, 'Never reported', null),
        ]),
      );
      // A newer live fix moves "Moved" next to the centre; an older one must not move "Stale".
      const live = emptyColumns();
      const fix = (id: string, latitude: number, longitude: number, at: string) => {
        live.deviceIds.push(id); live.latitudes.push(latitude); live.longitudes.push(longitude); live.fixTimes.push(Date.parse(at));
        live.speedsKmh.push(0); live.courses.push(0); live.statuses.push('stopped');
      };
      fix(ids.moved, 57.7088, 11.9745, '2026-12-06T10:00:00.000Z');
      fix(ids.stale, 50, 10, '2026-12-06T07:00:00.000Z');
      applyLatestPositions(cache.db, live, 1);

      const known = knownPositions(cache.devices(), readLatestPositions(cache.db));
      expect([...known.keys()].sort()).toEqual([ids.parked, ids.moved, ids.stale].sort());
      const nearest = nearestOffline(centre, known, 5);
      expect(nearest.map((v) => v.deviceId)).toEqual([ids.moved, ids.stale, ids.parked]);
      expect(nearest[0]).toEqual({ deviceId: ids.moved, distanceM: 13, driveDistanceM: null, driveTimeS: null });
      expect(nearestOffline(centre, known, 1)).toHaveLength(1);
    } finally {
      cache.close();
    }
  });
});
