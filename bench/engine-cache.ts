/**
 * `npm run bench:engine`: the offline cache's hot paths on real SQLite files (node:sqlite).
 * Prints figures against the issue-5 goals; never fails on timing.
 *   - open a cached 24-h trip track of 86,400 points (goal < 100 ms)
 *   - apply one second of live updates for 10,000 devices (goal < 50 ms)
 *   - warm workspace switch: open the cache file and read what map + list need (goal < 150 ms)
 *   - engine memory with three workspaces cached (goal < 150 MB RSS)
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Device } from '../contract/api/devices.ts';
import { applyLatestPositions, readLatestPositions, type PositionColumns } from '../electron/core/cache/positions-store.ts';
import { getTrack, putTrack, upsertTrips } from '../electron/core/cache/trips-store.ts';
import { WorkspaceCache } from '../electron/core/cache/workspace-cache.ts';

// Memory is measured in a fresh process that only opens the three caches and reads a warm
// snapshot of each, as the engine does: the data generation above would otherwise count.
if (process.argv[2] === '--memory') {
  const caches = process.argv.slice(3).map((file) => new WorkspaceCache(file));
  for (const cache of caches) cache.db.read(() => ({ d: cache.devices(), p: readLatestPositions(cache.db) }));
  console.log(process.memoryUsage().rss);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-engine-'));
const devicesPerWorkspace = 10_000;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const report = (name: string, value: number, goal: number, unit = 'ms') =>
  console.log(`${name.padEnd(58)} ${value.toFixed(1).padStart(8)} ${unit}  (goal < ${goal} ${unit}) ${value < goal ? 'OK' : 'OVER'}`);

function device(i: number): Device {
  return { id: randomUUID(), uniqueId: `IMEI${i}`, name: `Vehicle ${i}`, plate: `ABC ${i}`, vehicleType: 'truck', groupId: null, groupName: null, status: 'moving', lastSeenAt: new Date().toISOString(), position: null };
}

function liveSecond(ids: string[], t: number): PositionColumns {
  return {
    deviceIds: ids,
    longitudes: ids.map((_, i) => 11.9 + (i % 100) / 1000),
    latitudes: ids.map((_, i) => 57.7 + (i % 97) / 1000),
    speedsKmh: ids.map((_, i) => i % 90),
    courses: ids.map((_, i) => i % 360),
    fixTimes: ids.map(() => t),
    statuses: ids.map(() => 'moving' as const),
  };
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function fillWorkspace(name: string): { file: string; tripId: string } {
  const cache = new WorkspaceCache(join(dir, `${name}.sqlite`));
  const devices = Array.from({ length: devicesPerWorkspace }, (_, i) => device(i));
  const deviceId = devices[0]?.id ?? '';
  cache.db.write((db) => WorkspaceCache.replaceDevices(db, devices));
  applyLatestPositions(cache.db, liveSecond(devices.map((d) => d.id), Date.now()), 1);
  const tripId = randomUUID();
  const start = Date.parse('2026-11-28T00:00:00Z');
  const place = { latitude: 57.7, longitude: 11.9, name: null, address: { kind: 'none' as const } };
  cache.db.write((db) => {
    upsertTrips(db, [{ id: tripId, deviceId: deviceId, driverId: null, status: 'closed', startTime: new Date(start).toISOString(), endTime: new Date(start + 86_399_000).toISOString(), start: place, end: place, distanceKm: 1000, durationS: 86_399, maxSpeedKmh: 90, avgSpeedKmh: 50, idleS: 0, pointCount: 86_400 }]);
    const n = 86_400;
    putTrack(db, { tripId, deviceId: deviceId, startTime: new Date(start).toISOString(), t: Array.from({ length: n }, (_, i) => i * 1000), lat: Array.from({ length: n }, (_, i) => 57.7 + i * 1e-6), lon: Array.from({ length: n }, (_, i) => 11.9 + i * 1e-6), speedKmh: Array.from({ length: n }, (_, i) => i % 90), course: Array.from({ length: n }, (_, i) => i % 360) }, Date.now());
  });
  cache.close();
  return { file: join(dir, `${name}.sqlite`), tripId };
}

const workspaces = ['alpha', 'beta', 'gamma'].map(fillWorkspace);

// Warm switch: open the file (as after a restart) and read devices + latest positions + settings.
const switches: number[] = [];
for (const w of [...workspaces, ...workspaces]) {
  const start = process.hrtime.bigint();
  const cache = new WorkspaceCache(w.file);
  const snapshot = cache.db.read(() => ({ devices: cache.devices(), positions: readLatestPositions(cache.db), settings: cache.settings() }));
  switches.push(ms(start));
  if (snapshot.devices.length !== devicesPerWorkspace) throw new Error('snapshot incomplete');
  cache.close();
}
report(`warm workspace switch, ${devicesPerWorkspace} devices (median)`, median(switches), 150);

const open = workspaces.map((w) => new WorkspaceCache(w.file));
const [first] = open;
const [firstWorkspace] = workspaces;
if (!first || !firstWorkspace) throw new Error('no workspace');
const tracks: number[] = [];
for (let i = 0; i < 5; i++) {
  const start = process.hrtime.bigint();
  const track = getTrack(first.db, firstWorkspace.tripId);
  tracks.push(ms(start));
  if (track?.t.length !== 86_400) throw new Error('track incomplete');
}
report('open cached 24-h track, 86,400 points (median of 5)', median(tracks), 100);

const ids = first.devices().map((d) => d.id);
const applies: number[] = [];
for (let s = 0; s < 10; s++) {
  const batch = liveSecond(ids, Date.now() + (s + 1) * 1000);
  const start = process.hrtime.bigint();
  applyLatestPositions(first.db, batch, 100 + s);
  applies.push(ms(start));
}
report('apply 1 s of live updates, 10,000 devices (median of 10)', median(applies), 50);

for (const cache of open) cache.close();
const child = spawnSync(process.execPath, [import.meta.filename, '--memory', ...workspaces.map((w) => w.file)], { encoding: 'utf8' });
report('engine-process RSS, three workspaces cached (10k devices each)', Number(child.stdout.trim()) / 1024 / 1024, 150, 'MB');
rmSync(dir, { recursive: true, force: true });
