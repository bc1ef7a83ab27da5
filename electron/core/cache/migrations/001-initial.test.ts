import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../cache-db.ts';
import { migration001 } from './001-initial.ts';

describe('cache migration 001 (initial)', () => {
  it('creates every table of the offline cache and records version 1', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db, [migration001]);
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all().map((r) => r.name);
    expect(tables).toEqual(['alerts', 'devices', 'geofences', 'latest_positions', 'pending_actions', 'sync_state', 'tenant_settings', 'trip_tracks', 'trips']);
  });

  it('deletes a trip track with its trip and keeps pending actions in order', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db, [migration001]);
    db.prepare("INSERT INTO trips VALUES ('t1', 'd1', 1, 2, '{}')").run();
    db.prepare("INSERT INTO trip_tracks VALUES ('t1', 1, x'00', x'00', x'00', x'00', x'00', 0)").run();
    db.prepare("DELETE FROM trips WHERE id = 't1'").run();
    expect(db.prepare('SELECT count(*) AS n FROM trip_tracks').get()?.n).toBe(0);
    for (const a of ['acknowledge', 'resolve']) db.prepare("INSERT INTO pending_actions (alert_id, action, payload, created_at) VALUES ('a', ?, '{}', 0)").run(a);
    expect(db.prepare('SELECT action FROM pending_actions ORDER BY seq').all().map((r) => r.action)).toEqual(['acknowledge', 'resolve']);
  });

  it('leaves nothing behind when a migration fails half-way', () => {
    const db = new DatabaseSync(':memory:');
    const broken = { version: 1, name: 'broken', up: (d: DatabaseSync) => d.exec('CREATE TABLE a (x INTEGER); CREATE TABLE a (x INTEGER);') };
    expect(() => migrate(db, [broken])).toThrow(/migration 1 \(broken\) failed/);
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()?.n).toBe(0);
  });
});
