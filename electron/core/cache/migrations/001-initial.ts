import type { CacheMigration } from './migration.ts';

/**
 * The first schema. Hot data (latest positions, track points) is stored in columns or packed
 * Float64 blobs so the map's warm start and a 24-h replay decode without per-row JSON; the rest
 * keeps the server's DTO as JSON, because the console shows it as the server sent it.
 */
export const migration001: CacheMigration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE devices (id TEXT PRIMARY KEY, name TEXT NOT NULL, json TEXT NOT NULL) STRICT;
      CREATE TABLE latest_positions (
        device_id TEXT PRIMARY KEY,
        fix_time INTEGER NOT NULL,
        latitude REAL NOT NULL,
        longitude REAL NOT NULL,
        speed_kmh REAL NOT NULL,
        course REAL NOT NULL,
        status TEXT NOT NULL,
        seq INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE alerts (id TEXT PRIMARY KEY, status TEXT NOT NULL, created_at INTEGER NOT NULL, json TEXT NOT NULL) STRICT;
      CREATE INDEX alerts_by_time ON alerts (created_at DESC);
      CREATE TABLE geofences (id TEXT PRIMARY KEY, json TEXT NOT NULL) STRICT;
      CREATE TABLE tenant_settings (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, json TEXT NOT NULL) STRICT;
      CREATE TABLE trips (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        start_time INTEGER NOT NULL,
        end_time INTEGER NOT NULL,
        json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX trips_by_device_time ON trips (device_id, start_time);
      CREATE INDEX trips_by_start ON trips (start_time);
      CREATE TABLE trip_tracks (
        trip_id TEXT PRIMARY KEY REFERENCES trips (id) ON DELETE CASCADE,
        point_count INTEGER NOT NULL,
        t BLOB NOT NULL,
        lat BLOB NOT NULL,
        lon BLOB NOT NULL,
        speed_kmh BLOB NOT NULL,
        course BLOB NOT NULL,
        cached_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE pending_actions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id TEXT NOT NULL,
        action TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
