import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../contract/api/alerts.ts';
import type { Device } from '../../../contract/api/devices.ts';
import { defaultTenantSettings } from '../../../contract/api/settings.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import { speedingReport } from '../../../contract/reports/kinds/speeding-report.ts';
import { alerts, trips, v1, v2, week } from '../../../contract/reports/kinds/test-records.ts';
import { tripsReport } from '../../../contract/reports/kinds/trips-report.ts';
import { upsertServerAlerts } from '../cache/alerts-store.ts';
import { upsertTrips } from '../cache/trips-store.ts';
import { WorkspaceCache } from '../cache/workspace-cache.ts';
import { offlineReport } from './offline-report.ts';

const dirs: string[] = [];
const caches: WorkspaceCache[] = [];
afterEach(async () => {
  for (const cache of caches.splice(0)) cache.close();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const group = '00000000-0000-4000-8000-0000000000a1';
const device = (id: string, name: string, groupId: string | null): Device => ({
  id, uniqueId: `unit-${name}`, name, plate: null, vehicleType: 'truck', groupId, groupName: groupId ? 'North depot' : null, status: 'stopped', lastSeenAt: null, position: null,
});
const cachedAlert = (a: (typeof alerts)[number]): Alert => ({
  ...a, message: 'Speed', acknowledgedBy: null, acknowledgedAt: null, resolvedBy: null, resolvedAt: null, assignee: null, notes: [], version: 1,
});

/** A workspace cache as the sync leaves it: settings, vehicles, the week's trips and alerts, both lists synced. */
async function syncedCache(synced: { trips: boolean; alerts: boolean } = { trips: true, alerts: true }): Promise<WorkspaceCache> {
  const dir = await mkdtemp(join(tmpdir(), 'offline-report-'));
  dirs.push(dir);
  const cache = new WorkspaceCache(join(dir, 'workspace.sqlite'));
  caches.push(cache);
  cache.db.write((db) => {
    WorkspaceCache.putSettings(db, { tenantId: 't', version: 1, updatedAt: '2026-12-01T00:00:00Z', updatedBy: null, settings: { ...defaultTenantSettings, displayName: 'Gothenburg Freight AB' } });
    WorkspaceCache.replaceDevices(db, [device(v1, 'Truck 1', group), device(v2, 'Truck 2', null)]);
    upsertTrips(db, trips.map((t) => ({ ...t, pointCount: 10 })));
    upsertServerAlerts(db, alerts.map(cachedAlert));
    if (synced.trips) WorkspaceCache.setState(db, 'since.trips', '42');
    if (synced.alerts) WorkspaceCache.setState(db, 'since.alerts', '42');
  });
  return cache;
}

const input = (query: Parameters<typeof offlineReport>[1]['query']) => ({ workspaceId: 'w1', tenantName: 'Gothenburg Freight AB', query, tripWindowDays: 30, now: week.now });
const reasonOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof BridgeError) return { reason: error.reason, params: error.params };
    throw error;
  }
  throw new Error('no error');
};

describe('reports made offline from the workspace cache', () => {
  it('makes the trips report with the same rows as the fleet cloud’s builder over the same trips', async () => {
    const cache = await syncedCache();
    const report = offlineReport(cache, input({ kind: 'trips', from: week.period.from, to: week.period.to }));
    const online = tripsReport({ ...week, driverNames: new Map(), unknownDriver: 'name not on this computer' }, trips);
    expect(report.fromCache).toBe(true);
    expect(report.tables).toEqual(online.tables);
    expect(report.charts).toEqual(online.charts);
    expect(report.subtitle).toContain('Made offline from the data on this computer');
    expect(report.tables[1]?.rows[0]?.[1]).toBe('name not on this computer');
  });

  it('makes the speeding report from the cached alerts, for one group', async () => {
    const cache = await syncedCache();
    const report = offlineReport(cache, input({ kind: 'speeding', from: week.period.from, to: week.period.to, groupId: group }));
    expect(report.meta.selection).toBe('Group North depot');
    const online = speedingReport({ ...week, vehicleNames: new Map([[v1, 'Truck 1']]), driverNames: new Map(), unknownDriver: 'name not on this computer' }, alerts.filter((a) => a.deviceId === v1));
    expect(report.tables).toEqual(online.tables);
  });

  it('refuses a period older than the cached trips, or records never downloaded, saying from when it could', async () => {
    const cache = await syncedCache();
    expect(reasonOf(() => offlineReport(cache, { ...input({ kind: 'stops', from: week.period.from, to: week.period.to }), tripWindowDays: 3 }))).toEqual({
      reason: 'report-not-offline', params: { kind: 'stops', earliest: '2026-12-05' },
    });
    const noAlerts = await syncedCache({ trips: true, alerts: false });
    expect(reasonOf(() => offlineReport(noAlerts, input({ kind: 'dtc-history', from: week.period.from, to: week.period.to })))).toEqual({
      reason: 'report-not-offline', params: { kind: 'dtc-history', earliest: '' },
    });
    // The daily figures are not cached whole: those kinds need the fleet cloud.
    expect(reasonOf(() => offlineReport(cache, input({ kind: 'daily-summary', from: week.period.from, to: week.period.to })))).toEqual({
      reason: 'report-not-offline', params: { kind: 'daily-summary', earliest: '' },
    });
    expect(reasonOf(() => offlineReport(cache, input({ kind: 'trips', from: week.period.from, to: week.period.to, groupId: '00000000-0000-4000-8000-0000000000ff' })))).toMatchObject({
      reason: 'report-selection-empty',
    });
  });
});
