import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheDb } from './cache-db.ts';
import { cacheMigrations } from './migrations/index.ts';
import { dayIn, offlineContents } from './offline-contents.ts';

const open: CacheDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function cacheFile(): CacheDb {
  const db = new CacheDb(join(mkdtempSync(join(tmpdir(), 'offline-contents-')), 'cache.sqlite'), cacheMigrations);
  open.push(db);
  return db;
}

describe('what a workspace has available offline', () => {
  it('counts days in the tenant time zone: 23:30 UTC is already tomorrow in Stockholm', () => {
    const at = Date.parse('2026-12-05T23:30:00Z');
    expect(dayIn('UTC')(at)).toBe('2026-12-05');
    expect(dayIn('Europe/Stockholm')(at)).toBe('2026-12-06');
  });

  it('lists trips per day, newest first, with the tracks cached and their bytes, and each kind of data', () => {
    const cache = cacheFile();
    cache.write((db) => {
      const trip = db.prepare('INSERT INTO trips (id, device_id, start_time, end_time, json) VALUES (?, ?, ?, ?, ?)');
      trip.run('t1', 'd1', Date.parse('2026-12-04T08:00:00Z'), Date.parse('2026-12-04T09:00:00Z'), '{"id":"t1"}');
      trip.run('t2', 'd1', Date.parse('2026-12-05T08:00:00Z'), Date.parse('2026-12-05T09:00:00Z'), '{"id":"t2"}');
      trip.run('t3', 'd2', Date.parse('2026-12-05T10:00:00Z'), Date.parse('2026-12-05T11:00:00Z'), '{"id":"t3"}');
      const blob = new Uint8Array(100);
      db.prepare('INSERT INTO trip_tracks (trip_id, point_count, t, lat, lon, speed_kmh, course, cached_at) VALUES (?, 10, ?, ?, ?, ?, ?, 0)').run('t2', blob, blob, blob, blob, blob);
      db.prepare('INSERT INTO devices (id, name, json) VALUES (?, ?, ?)').run('d1', 'Van', '{"id":"d1"}');
    });
    const contents = offlineContents(cache, 'UTC');
    expect(contents.days).toEqual([
      { day: '2026-12-05', trips: 2, tracksCached: 1, bytes: 11 + 11 + 500 },
      { day: '2026-12-04', trips: 1, tracksCached: 0, bytes: 11 },
    ]);
    expect(contents.data.find((d) => d.kind === 'vehicles')).toEqual({ kind: 'vehicles', count: 1, bytes: 11 });
    expect(contents.data.find((d) => d.kind === 'alerts')).toEqual({ kind: 'alerts', count: 0, bytes: 0 });
  });
});
