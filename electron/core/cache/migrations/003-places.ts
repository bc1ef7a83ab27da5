import type { CacheMigration } from './migration.ts';

/**
 * "Where is it?" offline: addresses the console looked up (by coordinate rounded to 1e-4°) and
 * places found by searches. Trips and alerts cached before the fleet cloud sent addresses get
 * `{ kind: 'none' }`, and their sync cursors are reset so the next online sync pulls them again
 * with their addresses.
 */
export const migration003: CacheMigration = {
  version: 3,
  name: 'places',
  up(db) {
    db.exec(`
      CREATE TABLE place_addresses (
        lat_e4 INTEGER NOT NULL,
        lon_e4 INTEGER NOT NULL,
        json TEXT NOT NULL,
        stored_at INTEGER NOT NULL,
        PRIMARY KEY (lat_e4, lon_e4)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX place_addresses_age ON place_addresses (stored_at);
      CREATE TABLE place_results (
        id TEXT PRIMARY KEY,
        -- Lower case without diacritics: name and locality, for offline prefix search.
        folded TEXT NOT NULL,
        json TEXT NOT NULL,
        stored_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX place_results_age ON place_results (stored_at);
      UPDATE trips SET json = json_set(json, '$.start.address', json('{"kind":"none"}'), '$.end.address', json('{"kind":"none"}'))
        WHERE json_extract(json, '$.start.address') IS NULL;
      UPDATE alerts SET json = json_set(json, '$.address', json('{"kind":"none"}')) WHERE json_extract(json, '$.address') IS NULL;
      DELETE FROM sync_state WHERE key IN ('since.trips', 'since.alerts');
    `);
  },
};
