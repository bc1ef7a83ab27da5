import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../cache-db.ts';
import { migration001 } from './001-initial.ts';
import { migration002 } from './002-device-health.ts';
import { migration003 } from './003-places.ts';
import { cacheMigrations } from './index.ts';

describe('cache migration 003 (places)', () => {
  it('gives cached trips and alerts an address and re-pulls them', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db, [migration001, migration002]);
    const place = { latitude: 57.7, longitude: 11.9, name: null };
    db.prepare('INSERT INTO trips (id, device_id, start_time, end_time, json) VALUES (?, ?, ?, ?, ?)').run('t1', 'd1', 1, 2, JSON.stringify({ id: 't1', start: place, end: place }));
    db.prepare('INSERT INTO alerts (id, status, created_at, json) VALUES (?, ?, ?, ?)').run('a1', 'open', 1, JSON.stringify({ id: 'a1' }));
    db.prepare("INSERT INTO sync_state VALUES ('since.trips', 'c1'), ('since.alerts', 'c2'), ('since.geofences', 'c3')").run();
    migrate(db, [migration001, migration002, migration003]);
    expect(schemaVersion(db)).toBe(3);
    const trip = JSON.parse(String(db.prepare('SELECT json FROM trips').get()?.json)) as { start: { address: unknown }; end: { address: unknown } };
    expect([trip.start.address, trip.end.address]).toEqual([{ kind: 'none' }, { kind: 'none' }]);
    expect(JSON.parse(String(db.prepare('SELECT json FROM alerts').get()?.json))).toEqual({ id: 'a1', address: { kind: 'none' } });
    expect(db.prepare('SELECT key FROM sync_state ORDER BY key').all().map((r) => r.key)).toEqual(['since.geofences']);
  });

  it('follows migration 2', () => {
    expect(cacheMigrations.indexOf(migration003)).toBe(cacheMigrations.indexOf(migration002) + 1);
  });
});
