import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../cache-db.ts';
import { migration001 } from './001-initial.ts';
import { migration002 } from './002-device-health.ts';
import { migration003 } from './003-places.ts';
import { migration004 } from './004-insights.ts';
import { cacheMigrations } from './index.ts';

describe('cache migration 004 (insights)', () => {
  it('adds the answers table to a version-3 cache and keeps what was there', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db, [migration001, migration002, migration003]);
    db.prepare("INSERT INTO sync_state VALUES ('since.trips', 'c1')").run();
    migrate(db, [migration001, migration002, migration003, migration004]);
    expect(schemaVersion(db)).toBe(4);
    db.prepare('INSERT INTO insights_answers (question, json, stored_at) VALUES (?, ?, ?)').run('q', '{}', 1);
    expect(db.prepare('SELECT count(*) AS n FROM insights_answers').get()?.n).toBe(1);
    expect(db.prepare('SELECT value FROM sync_state').get()?.value).toBe('c1');
  });

  it('is the newest migration', () => {
    expect(cacheMigrations.at(-1)).toBe(migration004);
  });
});
