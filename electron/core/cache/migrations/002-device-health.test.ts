import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../cache-db.ts';
import { migration001 } from './001-initial.ts';
import { migration002 } from './002-device-health.ts';
import { cacheMigrations } from './index.ts';

describe('cache migration 002 (device health)', () => {
  it('upgrades a version-1 cache without touching its data', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db, [migration001]);
    db.prepare("INSERT INTO devices VALUES ('d1', 'Truck 1', '{}')").run();
    migrate(db, [migration001, migration002]);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT name FROM devices').get()?.name).toBe('Truck 1');
    db.prepare("INSERT INTO device_health VALUES ('d1', '{}')").run();
    expect(db.prepare('SELECT count(*) AS n FROM device_health').get()?.n).toBe(1);
  });

  it('versions are numbered 1..n without gaps', () => {
    expect(cacheMigrations.map((m) => m.version)).toEqual(cacheMigrations.map((_, i) => i + 1));
  });

  it('refuses a cache written by a newer console', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA user_version = 99');
    expect(() => migrate(db, cacheMigrations)).toThrow(/newer console/);
  });
});
