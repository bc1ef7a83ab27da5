import type { Device } from '../../../contract/api/devices.ts';
import type { LatestPositionsResponse } from '../../../contract/api/positions.ts';
import { upsertServerAlerts, removeAlerts } from '../cache/alerts-store.ts';
import type { CacheDb } from '../cache/cache-db.ts';
import { applyLatestPositions, type PositionColumns, emptyColumns } from '../cache/positions-store.ts';
import { dropTripsBefore, putTrack, removeTrips, tripsMissingTracks, upsertTrips } from '../cache/trips-store.ts';
import { WorkspaceCache } from '../cache/workspace-cache.ts';
import type { MonitoringApi, SyncListName, SyncListResponses } from '../fleet-api/monitoring-api.ts';

export interface PullOptions {
  /** Trips (with tracks) kept offline: the last N days. */
  tripWindowDays: number;
  now: () => number;
  onProgress(phase: string, done: number, total: number): void;
  /** Items per page (the server allows 1–5000); small in tests of a cut-short first load. */
  pageSize?: number;
  /** False when the offline cache is full: no further trip tracks are downloaded. */
  hasRoom?: () => Promise<boolean>;
  /** Called with the alerts a committed page changed, for the renderer's events. */
  onChanged(what: 'alerts', ids: string[]): void;
  /**
   * Called with the positions a committed page brought: they travel to the renderer as a live
   * batch (a few kB), never as a reason to reload the whole fleet snapshot.
   */
  onPositions(columns: PositionColumns): void;
}

type Writer = CacheDb['writer'];

/** How each list's page is written; every page is one transaction together with its cursor. */
const appliers: { [N in SyncListName]: (db: Writer, page: SyncListResponses[N]) => string[] } = {
  positions: (_db, page) => page.items.map((i) => i.deviceId),
  alerts: (db, page) => {
    // Removed ones are named too: a screen patching its list by the changed ids drops them.
    removeAlerts(db, page.removedIds ?? []);
    return [...(page.removedIds ?? []), ...upsertServerAlerts(db, page.items)];
  },
  geofences: (db, page) => {
    WorkspaceCache.removeRows(db, 'geofences', page.removedIds ?? []);
    WorkspaceCache.upsertGeofences(db, page.items);
    return page.items.map((g) => g.id);
  },
  trips: (db, page) => {
    removeTrips(db, page.removedIds ?? []);
    upsertTrips(db, page.items);
    return page.items.map((t) => t.id);
  },
  health: (db, page) => {
    WorkspaceCache.removeRows(db, 'device_health', page.removedIds ?? []);
    WorkspaceCache.upsertHealth(db, page.items);
    return page.items.map((h) => h.deviceId);
  },
};

/**
 * Pulls one list into the cache by change cursor. The first load is the same loop started
 * from `since=0` (contract/api/sync-cursor.ts): the server's cursor also marks a place inside
 * a window, so a first load cut short resumes at its next page. The cursor is committed in the
 * same transaction as the page it follows, so a crash between pages resumes exactly there, and
 * a repeated page is harmless (every write is an upsert).
 */
export async function pullList<N extends SyncListName>(cache: WorkspaceCache, api: MonitoringApi, name: N, options: PullOptions & { from?: string }): Promise<void> {
  const sinceKey = `since.${name}`;
  for (let pages = 0; ; pages++) {
    const since = cache.getState(sinceKey) ?? '0';
    const page = await api.syncList(name, { since, from: options.from, limit: options.pageSize ?? 2000 });
    const changed = commitPage(cache, name, page, (db) => WorkspaceCache.setState(db, sinceKey, page.nextCursor ?? since));
    // Trips, geofences and health are not part of the fleet snapshot: their pages signal nothing.
    if (changed.ids.length && name === 'alerts') options.onChanged('alerts', changed.ids);
    if (changed.columns?.deviceIds.length) options.onPositions(changed.columns);
    if (!page.hasMore) return;
    options.onProgress(`Downloading ${name}`, pages + 1, pages + 2);
  }
}

function commitPage<N extends SyncListName>(cache: WorkspaceCache, name: N, page: SyncListResponses[N], cursor: (db: Writer) => void): { ids: string[]; columns?: PositionColumns } {
  if (name === 'positions') {
    const columns = latestToColumns(page as LatestPositionsResponse);
    applyLatestPositions(cache.db, columns, 0, cursor);
    return { ids: columns.deviceIds, columns };
  }
  return cache.db.write((db) => {
    const ids = appliers[name](db, page);
    cursor(db);
    return { ids };
  });
}

function latestToColumns(page: LatestPositionsResponse): PositionColumns {
  const columns = emptyColumns();
  for (const item of page.items) {
    const p = item.position;
    if (!p) continue;
    columns.deviceIds.push(item.deviceId);
    columns.fixTimes.push(Date.parse(p.fixTime));
    columns.latitudes.push(p.latitude);
    columns.longitudes.push(p.longitude);
    columns.speedsKmh.push(p.speedKmh);
    columns.courses.push(p.course);
    columns.statuses.push(!item.online ? 'offline' : p.speedKmh > 3 ? 'moving' : p.ignition ? 'idle' : 'stopped');
  }
  return columns;
}

/**
 * What makes a device list different for the renderer: vehicles added, removed, renamed,
 * re-plated, regrouped. Positions and statuses are not in it — they travel as live batches.
 */
export function deviceListKey(devices: readonly Device[]): string {
  return devices
    .map((d) => [d.id, d.name, d.plate ?? '', d.uniqueId, d.vehicleType, d.groupId ?? '', d.groupName ?? ''].join('\u0001'))
    .sort()
    .join('\u0002');
}

/**
 * Devices have no change cursor: the (small) list is replaced whole, in one transaction.
 * Returns whether the list changed in a way the renderer must reload (deviceListKey).
 */
export async function pullDevices(cache: WorkspaceCache, api: MonitoringApi): Promise<boolean> {
  const devices: Device[] = [];
  for (let offset = 0; ; ) {
    const page = await api.devices(offset);
    devices.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  const changed = deviceListKey(cache.devices()) !== deviceListKey(devices);
  cache.db.write((db) => WorkspaceCache.replaceDevices(db, devices));
  return changed;
}

/** Returns whether the settings changed (a new version): units and formats follow them. */
export async function pullSettings(cache: WorkspaceCache, api: MonitoringApi): Promise<boolean> {
  const settings = await api.settings();
  const changed = cache.settings()?.version !== settings.version;
  cache.db.write((db) => WorkspaceCache.putSettings(db, settings));
  return changed;
}

/**
 * Downloads the tracks of closed trips in the offline window that are not cached yet, one
 * transaction per track, reporting progress; drops trips that fell out of the window.
 */
export async function pullTracks(cache: WorkspaceCache, api: MonitoringApi, options: PullOptions): Promise<void> {
  const windowStart = options.now() - options.tripWindowDays * 86_400_000;
  cache.db.write((db) => dropTripsBefore(db, windowStart));
  const missing = tripsMissingTracks(cache.db, windowStart);
  for (const [index, trip] of missing.entries()) {
    // Newest first: when the cache is full, the older tracks are the ones left out, the same
    // ones the limit would evict (and a sync never downloads what the limit just evicted).
    if (options.hasRoom && !(await options.hasRoom())) break;
    options.onProgress('Downloading trip tracks', index, missing.length);
    const track = await api.track(trip.id, () => undefined);
    cache.db.write((db) => putTrack(db, track, options.now()));
  }
  if (missing.length) options.onProgress('Downloading trip tracks', missing.length, missing.length);
}
