import type { CacheMigration } from './migration.ts';

/** Vehicle health (battery, fuel, DTCs), so the health panel works offline too. */
export const migration002: CacheMigration = {
  version: 2,
  name: 'device-health',
  up(db) {
    db.exec('CREATE TABLE device_health (device_id TEXT PRIMARY KEY, json TEXT NOT NULL) STRICT');
  },
};
